"""Statistics over stored cases: the KPI view (考核指标, 闵人社发〔2022〕34号 二) and the counting it shares with the reports."""
