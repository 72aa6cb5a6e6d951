"""The terms of every enumeration the service answers with: code, Chinese name, English gloss, source.

Data only (read through :mod:`lrc_api.core.vocabulary`). A vocabulary cites the document that
defines its terms; a term cites its own clause where that is more precise. A vocabulary without a
citation is the platform's own (no document defines those codes) and says so in ``note``.
The Chinese names are the documents' words where a document has them (the ledger's 协调员类型 are
the groups 汶政字〔2024〕59号 三(三) lists); exports print these names, never the codes.
The module is long because it is data: one line per code, nothing else.
"""

from __future__ import annotations

from typing import Any

from lrc_rules.trace import Citation

WS = "汶政字〔2024〕59号"
ZJ = "浙人社发〔2023〕18号"
MH = "闵人社发〔2023〕55号"
LAW = "中华人民共和国劳动争议调解仲裁法"
RULES33 = "劳动人事争议仲裁办案规则（人社部令第33号）"
INSPECTION = "劳动保障监察条例"
SIZE_TABLE = "统计上大中小微型企业划分办法（2017）（国统字〔2017〕213号）"
LOCAL = "platform's own codes: no document in the seeds defines them"


def cite(doc: str, part: str | None = None, clause: str | None = None, **kw: Any) -> Citation:
    """A citation (shorthand for the tables below)."""
    return Citation(doc=doc, part=part, clause=clause, **kw)


# Each vocabulary: (id, Chinese name, English gloss, citation or None, note or None, terms).
# Each term: (code, Chinese name, English gloss) or (code, zh, en, citation).
RAW: list[tuple[str, str, str, Citation | None, str | None, list[tuple[Any, ...]]]] = [
    (
        "region_kind",
        "区域类型",
        "kind of region",
        cite(
            ZJ, "二(一)", note="工业园区、乡镇(街道)、社区(村); 领域专班: 汶政字〔2024〕59号 三(一)"
        ),
        None,
        [
            ("county", "县", "county", cite(ZJ, "二(三)", "岗位责任制", note="县(市、区)")),
            ("district", "区", "city district", cite(MH, "一(二)", note="本区")),
            ("township", "乡镇", "township"),
            ("subdistrict", "街道", "sub-district"),
            ("park", "工业园区", "industrial park"),
            ("community", "社区", "community"),
            ("village", "村", "village"),
            (
                "domain",
                "行业领域专班",
                "domain task force",
                cite(WS, "三(一)", "2–5", note="各领域改革试点创建工作专班"),
            ),
        ],
    ),
    (
        "coordinator_type",
        "协调员类型",
        "coordinator type (a 台账 column)",
        cite(WS, "三(三)", "1、2", note="纳入台账管理的人员; 附件2 列「协调员类型」"),
        None,
        [
            ("enterprise_fulltime", "企业专职", "full-time coordinator of an enterprise"),
            ("township", "乡镇(街道)", "township or sub-district coordinator"),
            (
                "park_building_district",
                "园区(楼宇、商圈)",
                "park, building or business-district coordinator",
            ),
            ("community", "社区(村)", "community or village coordinator"),
            ("labor_inspection_grid", "劳动监察网格员", "labor-inspection grid worker"),
            ("industry_association", "行业商会协会", "industry chamber or association staff"),
            ("legal_services", "法律宣传调解服务", "legal publicity and mediation services"),
            (
                "project_wage_officer",
                "工程项目劳资专管员",
                "wage officer of a construction project",
            ),
            ("department", "主管部门(单位)", "competent department or unit"),
            ("other", "其他", "other"),
        ],
    ),
    (
        "employment_identity",
        "人员身份",
        "employment identity (decides the case subsidy)",
        cite(MH, "二(三)", "2", note="公务员、事业编制、社区工作者等人员依规不得领取以案定补"),
        None,
        [
            ("civil_servant", "公务员", "civil servant"),
            ("public_institution", "事业编制", "staff on public-institution establishment"),
            ("community_worker", "社区工作者", "community worker"),
            (
                "assistant",
                "劳动保障监察协管员",
                "labor-inspection assistant",
                cite(MH, "二(一)", "2"),
            ),
            ("enterprise_employee", "企业职工", "enterprise employee", cite(ZJ, "二(四)", "2")),
            ("social_mediator", "调解员", "mediator", cite(WS, "三(一)", "5")),
            ("lawyer", "律师", "lawyer", cite(WS, "三(一)", "5")),
            (
                "retiree",
                "退休人员",
                "retired judge, prosecutor or official",
                cite(WS, "三(一)", "5"),
            ),
            ("other", "其他", "other"),
        ],
    ),
    (
        "education_level",
        "学历",
        "education (a 台账 column)",
        cite(WS, "附件1", "5.1–5.3"),
        None,
        [
            ("junior_high_or_below", "初中及以下", "junior high school or below"),
            ("high_school", "高中", "senior high school"),
            ("secondary_vocational", "中专", "secondary vocational school"),
            ("technical_school", "技工学校", "technical school"),
            ("senior_technical_school", "高级技工学校", "senior technical school"),
            ("technician_college", "技师学院", "technician college"),
            ("higher_vocational", "高职", "higher vocational college"),
            ("associate", "大专", "junior college (大学专科)"),
            ("bachelor", "本科", "bachelor (大学本科)"),
            ("master", "硕士研究生", "master"),
            ("doctor", "博士研究生", "doctor"),
        ],
    ),
    (
        "education_status",
        "学历状态",
        "whether the diploma is held",
        cite(WS, "附件1", "5.1", note="含尚未取得毕业证书的在校应届毕业生; 高等院校…在校生"),
        None,
        [
            ("graduated", "已毕业", "holds the diploma"),
            ("graduating", "应届毕业生", "graduating this year, diploma not yet held"),
            ("enrolled", "在校生", "still enrolled"),
        ],
    ),
    (
        "certificate_kind",
        "证书种类",
        "kind of certificate",
        cite(WS, "附件1", "5.3(2)", note="预备技师证书"),
        None,
        [
            ("level", "职业资格(技能等级)证书", "level certificate (1–4)"),
            ("preparatory_technician", "预备技师证书", "preparatory technician certificate"),
        ],
    ),
    (
        "qualification_level",
        "职业资格等级",
        "qualification level",
        cite(WS, "附件1", "5"),
        None,
        [
            ("4", "劳动关系协调员（国家职业资格四级）", "coordinator, level 4"),
            ("3", "劳动关系协调员（国家职业资格三级）", "coordinator, level 3"),
            ("2", "劳动关系协调师（国家职业资格二级）", "senior coordinator, level 2"),
            ("1", "高级劳动关系协调师（国家职业资格一级）", "chief coordinator, level 1"),
        ],
    ),
    (
        "coordinator_status",
        "在岗状态",
        "whether the coordinator still serves",
        None,
        LOCAL,
        [("active", "在岗", "serving"), ("left", "已离岗", "left")],
    ),
    (
        "enterprise_size",
        "企业规模",
        "enterprise size class",
        cite(SIZE_TABLE, "第四条"),
        None,
        [
            ("large", "大型", "large"),
            ("medium", "中型", "medium"),
            ("small", "小型", "small"),
            ("micro", "微型", "micro"),
        ],
    ),
    (
        "enterprise_load",
        "企业数量",
        "whether an area has many or few enterprises",
        cite(ZJ, "二(一)", note="企业数较多的…建议配备至少4名，企业数较少的…配备至少2名"),
        None,
        [("many", "企业数较多", "many enterprises"), ("few", "企业数较少", "few enterprises")],
    ),
    (
        "activity_kind",
        "工作记录类型",
        "kind of activity a coordinator records",
        cite(WS, "附件1", "8.3"),
        None,
        [
            ("publicity", "开展宣传", "publicity"),
            ("mediation_own_unit", "成功调解(本单位案件)", "mediation, own unit's case"),
            ("mediation_other", "成功调解(参与其他案件)", "mediation, another case"),
            ("risk_prevention", "预防化解风险", "risk prevented"),
            ("publication", "刊发经验稿件", "experience published"),
            ("management_improvement", "优化劳动管理", "labor management improved"),
            ("error_minor", "工作失误(影响面较小)", "work error, minor impact"),
            ("error_major", "工作失误(影响面较大)", "work error, major impact"),
            (
                "contact",
                "联络企业劳动关系协调员",
                "contact with an enterprise coordinator",
                cite(ZJ, "二(三)", "岗位责任制", note="每月至少与辖区内企业劳动关系协调员联络一次"),
            ),
            (
                "onsite_visit",
                "实地指导服务",
                "on-site guidance of an enterprise",
                cite(ZJ, "二(三)", "岗位责任制", note="每季度定期实地指导服务一次"),
            ),
            (
                "county_guidance",
                "县级指导服务",
                "the county bureau's guidance of an enterprise coordinator",
                cite(
                    ZJ,
                    "二(三)",
                    "岗位责任制",
                    note="每年至少对企业劳动关系协调员工作进行一次指导服务",
                ),
            ),
            (
                "training",
                "业务指导培训",
                "training",
                cite(MH, "二(三)", "5", note="日常业务指导培训（每季度至少1次）"),
            ),
            (
                "monthly_report",
                "报送先进典型",
                "monthly report of typical cases and deeds",
                cite(WS, "三(六)", note="于每月20日前报县人力资源和社会保障局"),
            ),
            (
                "placement",
                "以干代训",
                "learning-by-doing placement",
                cite(WS, "三(四)", note="不少于2个周的“以干代训”提升活动，并…作出综合评价"),
            ),
            (
                "risk_report",
                "报告劳动关系矛盾纠纷",
                "report of a labor-relations dispute or risk",
                cite(ZJ, "二(三)", "岗位责任制", note="及时报告重大劳动关系矛盾纠纷"),
            ),
        ],
    ),
    (
        "media_level",
        "媒体级别",
        "level of the media that published an experience",
        cite(WS, "附件1", "8.3", note="经验做法被市级以上媒体采纳"),
        None,
        [
            ("county", "县级", "county"),
            ("municipal", "市级", "municipal"),
            ("provincial", "省级", "provincial"),
            ("national", "国家级", "national"),
        ],
    ),
    (
        "review_state",
        "审核状态",
        "review state of an activity",
        None,
        LOCAL + " (附件1 8.3 asks for 佐证材料; the review checks them)",
        [
            ("pending", "待审核", "waiting for review"),
            ("approved", "审核通过", "approved"),
            ("rejected", "审核未通过", "rejected"),
        ],
    ),
    (
        "scoring_category",
        "赋分内容",
        "row of the quarterly score (台账 量化赋分管理)",
        cite(
            WS,
            "附件2",
            note="基本得分、开展宣传、成功调解、劳动管理、预防风险、刊发经验、减分、得分合计",
        ),
        None,
        [
            ("base", "基本得分", "base score"),
            ("publicity", "开展宣传", "publicity"),
            ("mediation", "成功调解", "mediation"),
            ("management", "劳动管理", "labor management"),
            ("risk", "预防风险", "risk prevention"),
            ("publication", "刊发经验", "publication"),
            ("deduction", "减分", "deduction"),
            ("total", "得分合计", "total"),
        ],
    ),
    (
        "case_source",
        "案件来源",
        "where a case came from",
        cite(MH, "二(一)", "4", note="国家欠薪平台线索, 12345市民热线"),
        None,
        [
            ("hotline_12345", "12345市民服务热线", "12345 citizen hotline"),
            (
                "wage_clue_platform",
                "全国根治欠薪线索反映平台",
                "national wage-arrears clue platform",
            ),
            ("walk_in", "来访", "walk-in"),
            ("inspection_finding", "检查发现", "found by inspection"),
            ("referral", "移交转办", "referred by another body"),
            ("other", "其他", "other"),
        ],
    ),
    (
        "case_matter",
        "诉求类型",
        "kind of wage-clue or hotline matter",
        None,
        LOCAL + " (local closure limits differ by it)",
        [
            ("consultation", "咨询", "consultation"),
            ("help", "求助", "request for help"),
            ("complaint", "投诉", "complaint"),
            ("complex", "复杂事项", "complex matter"),
        ],
    ),
    (
        "dispute_category",
        "劳动争议类型",
        "type of labor dispute",
        cite(WS, "附件1", "7.2"),
        None,
        [
            ("labor_relationship", "确认劳动关系", "whether an employment relationship exists"),
            (
                "contract",
                "订立、履行、变更、解除和终止劳动合同",
                "making, performing, changing or ending the contract",
            ),
            ("dismissal_resignation", "除名、辞退和辞职、离职", "dismissal or resignation"),
            (
                "working_conditions",
                "工作时间、休息休假、社会保险、福利、培训以及劳动保护",
                "working time, leave, social insurance, welfare, training, protection",
            ),
            (
                "pay_compensation",
                "劳动报酬、工伤医疗费、经济补偿或者赔偿金",
                "pay, injury costs, severance or damages",
            ),
            ("other", "法律、法规规定的其他劳动争议", "other disputes the law names"),
        ],
    ),
    (
        "procedure",
        "办理程序",
        "procedure a case follows",
        None,
        "each procedure cites its own statute",
        [
            ("mediation", "调解组织调解", "mediation", cite(LAW, article="第十四条")),
            (
                "enterprise_mediation",
                "企业劳动争议调解委员会调解",
                "enterprise mediation committee",
                cite("企业劳动争议协商调解规定（人社部令第17号）"),
            ),
            ("arbitration", "劳动人事争议仲裁", "arbitration", cite(LAW, article="第二十九条")),
            ("inspection", "劳动保障监察", "labor inspection", cite(INSPECTION)),
            ("wage_clue", "欠薪线索", "wage-arrears clue", cite(MH, "二(一)", "4")),
            ("hotline", "12345热线工单", "hotline work order", cite(MH, "二(一)", "4")),
        ],
    ),
    (
        "case_status",
        "案件状态",
        "where a case stands",
        None,
        LOCAL + " (the status machine; 中止 follows 办案规则 第四十六条)",
        [
            ("received", "已接收", "received"),
            ("accepted", "已受理", "accepted"),
            ("in_progress", "办理中", "in progress"),
            ("suspended", "中止", "suspended"),
            ("mediated", "调解结案", "concluded by mediation"),
            ("awarded", "已裁决", "award made"),
            ("withdrawn", "已撤回", "withdrawn"),
            ("transferred", "已移交", "transferred"),
            ("closed", "已结案归档", "closed and filed"),
        ],
    ),
    # --- case outcomes (issue 12 §4) ------------------------------------------------------------
    # Reserved for helper h12b: the vocabulary "case_outcome" (how a case concluded: mediation
    # agreement / no agreement; award / mediated in arbitration / withdrawn; clue resolved / not;
    # on time / late) goes here, as one more entry of this list, with its citation.
    # ---------------------------------------------------------------------------------------------
    (
        "assignment_role",
        "承办角色",
        "a coordinator's part in a case",
        None,
        LOCAL,
        [("lead", "主办", "lead"), ("assist", "协办", "assisting")],
    ),
    (
        "claim_type",
        "请求事项类型",
        "type of a claim item",
        cite(LAW, article="第四十七条"),
        None,
        [
            ("labor_remuneration", "劳动报酬", "pay"),
            ("work_injury_medical", "工伤医疗费", "work-injury medical costs"),
            ("economic_compensation", "经济补偿", "economic compensation"),
            ("damages", "赔偿金", "damages"),
            ("labor_standards", "劳动标准争议", "working time, leave, social insurance standards"),
            ("other", "其他", "other"),
        ],
    ),
    (
        "timeline_kind",
        "案件记录类型",
        "kind of case timeline entry",
        cite(RULES33, article="第四十六条"),
        None,
        [
            ("party_added", "追加当事人", "party or third party added"),
            ("materials_completed", "补正材料", "supplementary materials completed"),
            ("claims_amended", "增加、变更仲裁请求", "claims added or changed"),
            ("counterclaim_merged", "反申请合并审理", "counter-claim merged"),
            ("transferred_in", "移送管辖", "case transferred in"),
            ("suspension_start", "中止审理", "suspension begins"),
            ("suspension_end", "恢复审理", "suspension ends"),
            ("public_notice_start", "公告送达", "service by public notice begins"),
            ("public_notice_end", "公告期满", "public notice ends"),
            ("extension", "延期", "extension granted", cite(LAW, article="第四十三条")),
            (
                "respondent_served",
                "送达申请书副本",
                "copy served on the respondent",
                cite(LAW, article="第三十条"),
            ),
            (
                "hearing_scheduled",
                "确定开庭日期",
                "hearing date set",
                cite(LAW, article="第三十五条"),
            ),
            ("award_received", "收到裁决书", "award received", cite(LAW, article="第四十八条")),
            ("note", "备注", "note", None),
            ("status_changed", "状态变更", "status changed", None),
        ],
    ),
    (
        "deadline_key",
        "办案期限",
        "which statutory deadline",
        None,
        "each deadline cites its own article",
        [
            (
                "mediation_end",
                "调解期限届满",
                "mediation period ends",
                cite(LAW, article="第十四条"),
            ),
            (
                "acceptance_decision",
                "受理审查",
                "decision whether to accept",
                cite(LAW, article="第二十九条"),
            ),
            (
                "serve_respondent",
                "送达申请书副本",
                "serve the application on the respondent",
                cite(LAW, article="第三十条"),
            ),
            ("defence_due", "提交答辩书", "defence due", cite(LAW, article="第三十条")),
            ("hearing_notice", "开庭通知", "notice of hearing", cite(LAW, article="第三十五条")),
            ("award", "仲裁审理期限", "award due", cite(LAW, article="第四十三条")),
            (
                "sue_after_award",
                "不服裁决起诉",
                "suing after the award",
                cite(LAW, article="第四十八条、第五十条"),
            ),
            (
                "revoke_final_award",
                "申请撤销终局裁决",
                "applying to set aside a final award",
                cite(LAW, article="第四十九条"),
            ),
            (
                "complaint_acceptance",
                "投诉受理",
                "accepting a complaint",
                cite("关于实施《劳动保障监察条例》若干规定", article="第十八条"),
            ),
            (
                "investigation",
                "监察案件办结",
                "investigation closed",
                cite(INSPECTION, article="第十七条"),
            ),
            ("closure", "办结", "matter closed (local limit)", None),
        ],
    ),
    (
        "deadline_status",
        "期限状态",
        "status of a deadline",
        None,
        LOCAL,
        [
            ("met", "按期完成", "met in time"),
            ("late", "逾期完成", "met late"),
            ("open", "未到期", "running"),
            ("due_soon", "即将到期", "due soon"),
            ("overdue", "已逾期", "overdue"),
        ],
    ),
    (
        "obligation",
        "工作机制",
        "service obligation",
        None,
        "each obligation cites its own clause",
        [
            (
                "enterprise_contact",
                "每月联络企业劳动关系协调员",
                "monthly contact with each enterprise coordinator",
                cite(ZJ, "二(三)", "岗位责任制"),
            ),
            (
                "onsite_guidance",
                "每季度实地指导服务",
                "quarterly on-site guidance of each enterprise",
                cite(ZJ, "二(三)", "岗位责任制"),
            ),
            (
                "county_guidance",
                "每年县级指导服务",
                "yearly guidance by the county bureau",
                cite(ZJ, "二(三)", "岗位责任制"),
            ),
            (
                "district_training",
                "每季度业务指导培训",
                "quarterly training by the district",
                cite(MH, "二(三)", "5"),
            ),
            (
                "monthly_report",
                "每月20日前报送先进典型",
                "typical cases reported by the 20th",
                cite(WS, "三(六)"),
            ),
            (
                "placement",
                "以干代训",
                "placement of at least two weeks, evaluated",
                cite(WS, "三(四)"),
            ),
        ],
    ),
    (
        "obligation_status",
        "完成情况",
        "status of an obligation",
        None,
        LOCAL,
        [
            ("done", "按时完成", "done in time"),
            ("late", "逾期完成", "done late"),
            ("missed", "未完成", "missed"),
            ("open", "未到期", "not yet due"),
        ],
    ),
    (
        "staffing_status",
        "测算情况",
        "whether a unit's staffing could be assessed",
        None,
        LOCAL,
        [
            ("assessed", "已测算", "assessed"),
            ("incomplete", "缺少数据", "inputs missing (named in the result)"),
            ("not_applicable", "无配备标准", "the pack sets no minimum for it"),
        ],
    ),
    (
        "role",
        "用户角色",
        "role of a user or system",
        None,
        LOCAL,
        [
            ("admin", "系统管理员", "administrator"),
            ("region_admin", "区域管理员", "region administrator"),
            ("assessor", "考核人员", "assessor"),
            ("coordinator", "劳动关系协调员", "coordinator"),
            ("integration", "对接系统", "integrating system"),
            ("auditor", "审计人员", "auditor"),
        ],
    ),
]
"""Every vocabulary but the industries (those come from the national pack's size table)."""
