"""Reports over stored cases: the campaign's weekly case report (闵人社发〔2022〕34号 四(一)2, 三) and the case-subsidy ledger (以案定补, 闵人社发〔2023〕55号 二(三)2(1))."""
