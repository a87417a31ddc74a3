"""One issue model and one catalogue of issue codes with their Chinese messages.

Messages put the location first and the fix last. Every code used anywhere in the package is listed here;
``make`` refuses an unknown code, so the catalogue stays the single source.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass, field as attribute, fields
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_NAMES: dict[str, str] = {"error": "错误", "warning": "提醒", "info": "说明"}


@dataclass(slots=True)
class Issue:
    """One finding, kept as data: its code, the blank (``field``), where it is and the parameters of its message.

    The message is built from the catalogue when it is shown, so every view (terminal, JSON, report, desk) can
    show the location in a column of its own or in front of the text, from the same parts.
    """

    severity: Severity
    code: str
    field: str | None = None
    location: str | None = None
    file: str | None = None
    params: dict[str, Any] = attribute(default_factory=dict)  # the JSON carries the message built from them

    @property
    def text(self) -> str:
        """The message without its location (for views that show the location apart)."""
        return CATALOGUE[self.code][1].format(field=self.field or "", **self.params)

    @property
    def message(self) -> str:
        """Location first, fix last: the whole message as the clerk reads it."""
        return f"{self.location}：{self.text}" if self.location else self.text

    def to_json(self, *, with_file: bool = True) -> dict[str, Any]:
        """The issue as JSON carries it: its parts and the message built from them (not the parameters)."""
        out: dict[str, Any] = {"severity": self.severity, "code": self.code, "field": self.field,
                               "location": self.location}
        if with_file:
            out["file"] = self.file
        out["message"] = self.message
        return out

    def __reduce__(self):  # from a worker process as a tuple of its fields' values (no slot names)
        return Issue, tuple([getattr(self, name) for name in _ISSUE_FIELDS])


_ISSUE_FIELDS = tuple(f.name for f in fields(Issue))


# code -> (severity, message template). Templates use str.format fields; the location is put in front when shown.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    # reading a file
    "file-empty": ("error", "文件是空的，没有任何内容，请重新导出后报送。"),
    "file-corrupt": ("error", "文件已损坏或不是有效的 {fmt} 文件（{detail}），请用 Excel/WPS/Word 打开后另存再报送。"),
    "file-encrypted": ("error", "文件已加密，请去掉密码后重新报送。"),
    "file-too-large": ("error", "文件解压后超过 {limit} MB 的上限（{detail}），可能已损坏，请重新导出后报送。"),
    "file-unsafe-xml": ("error", "文件中含有不安全的 XML 内容（{detail}），已拒绝读取，请用 Excel/WPS/Word 另存后报送。"),
    "file-wrong-format": ("warning", "文件扩展名为 {ext}，内容却是 {actual}，已按实际格式读取；请以正确的扩展名报送。"),
    "file-timeout": ("error", "读取超过 {seconds} 秒仍未完成，已跳过，请用 Excel/WPS/Word 另存后重新报送。"),
    "file-unsupported": ("error", "不是能读取的统计表文件（扩展名 {ext}，内容无法识别），请该单位以 Word 或 Excel 格式（.docx、.doc、.xlsx、.xls）重新报送。"),
    "formula-no-cached-value": ("error", "单元格是公式 {formula}，但文件中没有保存计算结果，请在 Excel/WPS 中打开并保存后再报送，或直接填写数字。"),
    "formula-cached-value": ("warning", "单元格是公式 {formula}，已按保存的计算结果 {value} 读取，建议直接填写数字。"),
    # recognising the form
    "not-a-form": ("error", "未找到“安全生产月”活动进展情况统计表，请使用下发的统计表模板填报。"),
    "schema-mismatch": ("warning", "指定表样为“{schema}”，但内容更像“{other}”（{title}），请确认是否用错了表样。"),
    "other-year": ("error", "统计表为 {found} 年的表样，本次应使用 {year} 年的“{title}”，请改用本年度模板重新填报。"),
    "other-form": ("error", "统计表标题为“{found}”，不是本次要填的“{title}”，请使用{issuer}下发的模板重新填报。"),
    "item-repeated": ("error", "第 {item} 项“{title}”的文字在表中出现了两次，无法确定以哪一处为准，请合并为一处后重新报送。"),
    "blank-not-found": ("error", "未找到空格 {field}（{label}），表中文字可能被改动，请按模板原文填写。"),
    # numbers in a blank
    "blank-empty": ("warning", "{field}（{label}）未填写，汇总时按 0 计；如确为 0 请填写 0。"),
    "blank-not-a-number": ("error", "{field}（{label}）填写的“{text}”不是数字，请填写一个不小于 0 的整数（单位：{unit}）。"),
    "blank-not-whole": ("error", "{field}（{label}）填写的“{text}”不是整数，请填写整数（单位：{unit}）。"),
    "blank-negative": ("error", "{field}（{label}）填写的“{text}”为负数，请填写不小于 0 的整数。"),
    "blank-several-numbers": ("error", "{field}（{label}）填写的“{text}”含有多个数字，请只填写一个合计数。"),
    "blank-approximate": ("warning", "{field}（{label}）填写的“{text}”是约数，已按 {value} 计，请核实后填写准确数字。"),
    "blank-too-large": ("error", "{field}（{label}）填写的“{text}”超出合理范围，请核实后重新填写。"),
    "blank-wrong-unit": ("error", "{field}（{label}）填写的“{text}”单位与表中“{unit}”不符，请按“{unit}”填写。"),
    # header
    "unit-missing": ("error", "未填写填报单位，无法汇总，请在“填报单位（盖章）”后填写单位全称。"),
    "date-missing": ("warning", "未填写填报日期，请补填（如 2023年6月28日）。"),
    "date-invalid": ("warning", "填报日期“{text}”无法识别，请写成 2023年6月28日 的格式。"),
    # item 7
    "record-incomplete": ("warning", "其他特色活动“{name}”{what}未填写，汇总时按 0 计。"),
    "record-no-name": ("error", "其他特色活动有数字但未填写活动名称，请补填活动名称。"),
    # rules inside one form
    "participants-without-sessions": ("warning", "{participants}（{p_label}）为 {p_value}，但 {sessions}（{s_label}）为 0，请核实场次。"),
    "participants-below-sessions": ("warning", "{participants}（{p_label}）{p_value} 人次少于 {sessions}（{s_label}）{s_value} 场，可能把场次和人次填反了，请核实。"),
    "at-least": ("warning", "{message}（{field} = {value}，{other} = {other_value}），请核实。"),
    "requires": ("warning", "{message}（{field} = {value}，{other} = 0），请核实。"),
    "form-empty": ("warning", "整张表没有填写任何数字，请确认是否报错了文件。"),
    # merge
    "file-ignored": ("info", "{reason}"),
    "own-summary": ("info", "这是本级（{unit}）的汇总表，不计入本次汇总。"),
    "unit-counted-twice": ("error", "与 {other} 都含有 {unit} 的数字（其中有一份是汇总表），同一单位不能计入两次，两份都未计入；请只保留其中一份后重新汇总。"),
    # status
    "unit-from-file-name": ("error", "文件名看是 {unit} 的表，但表内未填写填报单位，请在“填报单位（盖章）”后填写单位全称后重新报送。"),
    "unit-fuzzy-match": ("warning", "填报单位“{unit}”不在名单上，按最接近的“{roster_unit}”（相似度 {score}）计，请核实。"),
    "schema-no-common-blanks": ("error", "表样“{schema}”与目标表样“{target}”没有共同的空格，无法汇总。"),
    "unit-superseded": ("warning", "{unit} 重复报送，以 {by} 为准，本文件不计入汇总。"),
    "code-not-in-target": ("warning", "{field}（{label}）在目标表样“{target}”中没有对应空格，合计 {value} 未写入上报表，请另行说明。"),
    "form-excluded": ("error", "本表有 {count} 处错误，未计入汇总，请按问题清单修改后重新报送。"),
    # anomalies across units and years
    "anomaly-outlier": ("warning", "{unit} 的 {field}（{label}）为 {value}，其他单位中位数为 {median}，相差 {factor} 倍；按该单位其他各项的规模推算约为 {expected}，请核实是否多填或少填了位数、是否把人次填进了场次。"),
    "anomaly-ratio": ("warning", "{unit} 的 {field}/{sessions} 每场 {ratio} 人次，其他单位中位数为每场 {median} 人次，相差 {factor} 倍，请核实是否把场次和人次填反了。"),
    "anomaly-period": ("warning", "{unit} 的 {field}（{label}）今年 {value}，去年 {previous}，变化异常，请核实。"),
    "anomaly-same-as-previous": ("warning", "{unit} 本年度填报数字与去年完全相同，可能报送了去年的表，请核实。"),
    "anomaly-copied": ("warning", "{unit} 与 {other} 的填报数字完全相同，可能抄用了其他单位的表，请核实。"),
    "anomaly-constant": ("warning", "{unit} 所有空格都填写了同一个数 {value}，请核实。"),
    # usage problems: outputs, rosters, templates (raised as ``Problem``; the command exits 2)
    "output-is-input": ("error", "输出文件与输入文件相同，不能覆盖报送的原件，请换一个输出文件名。"),
    "output-is-folder": ("error", "这是一个文件夹，请给出输出文件名。"),
    "output-folder-missing": ("error", "输出目录不存在，请先创建。"),
    "output-folder-unwritable": ("error", "无法在该文件夹写入（{reason}），请检查文件夹权限或换一个位置。"),
    "output-write-failed": ("error", "写入失败（{reason}），请检查磁盘空间和文件权限后重试。"),
    "output-bad-suffix": ("error", "上报表只能写成 .xlsx、.docx 或 .json 文件。"),
    "output-no-forms": ("error", "没有读到任何可识别的统计表，无法生成上报表；请看上面各文件的问题。"),
    "output-report-same": ("error", "报告文件不能与上报表同名。"),
    "render-structured-xlsx-only": ("error", "填报版（--style structured）只能写成 .xlsx 文件。"),
    "render-unknown-style": ("error", "未知的样式 {style}，可选 official 或 structured。"),
    "render-bad-suffix": ("error", "只能写成 .xlsx 或 .docx 文件。"),
    "roster-missing": ("error", "名单文件不存在。"),
    "roster-unreadable": ("error", "名单文件无法读取（{detail}），请存为 CSV（逗号分隔）。"),
    "roster-encoding": ("error", "名单文件编码无法识别，请存为 UTF-8 或 GBK 编码的 CSV。"),
    "roster-no-unit-column": ("error", "名单缺少“单位”列（可选列：别名、上级、类别）。"),
    "roster-empty": ("error", "名单中没有任何单位。"),
    "roster-yaml": ("error", "第 {line} 行附近 YAML 格式错误，请检查缩进、冒号和引号，或改存为 CSV。"),
    "roster-not-list": ("error", "应是单位列表，或含 units: 列表的映射。"),
    "roster-bad-entry": ("error", "第 {number} 项应是单位名称或映射。"),
    "roster-bad-field": ("error", "第 {number} 项的“{field_name}”无法使用，应填写文字（别名可用顿号分隔），请修改名单。"),
    # issue 16: forms of another year, clauses reworded or reordered, mapping between forms by meaning
    "blank-unmapped": ("error", "上报表的 {field}（{label}，单位：{unit}）未能对应：{sources} 中没有同一含义的空格，"
                                "上报表未生成；请在表样的 maps_to 中写明对应关系，或确认后加 --allow-partial 留空写出。"),
    "blank-unmapped-partial": ("warning", "上报表的 {field}（{label}，单位：{unit}）未能对应：{sources} 中没有同一含义的空格，"
                                          "已在上报表中留空，请另行填写或说明。"),
    "other-version": ("error", "这是另一年度/另一版本的统计表（与“{schema}”的第 {item} 项不同：表中为“{found}”，表样为“{expected}”），"
                               "不能按“{schema}”读取；单位用错了表的，请其改用下发的模板重新填报；是新一年的表样的，请先用 schemas infer 生成、schemas add 登记。"),
    "other-version-known": ("error", "这是另一年度/另一版本的统计表（与“{schema}”的第 {item} 项不同），"
                                     "它与已登记的表样“{other}”（{title}）相符；请改用 --schema {other}，或不指定 --schema。"),
    "date-other-year": ("warning", "填报日期 {date} 是 {found} 年，表样“{schema}”是 {year} 年的表，"
                                   "请确认是否用错了表样或填错了日期。"),
    "clause-changed": ("warning", "{field}（{label}）所在的文字与表样不同（{changes}），只有这一处对得上，已读取“{text}”；请核实它确是这一项的数字，"
                                  "如表样已改版请登记新表样。"),
    "clause-ambiguous": ("error", "{field}（{label}）所在的文字与表样不同，表中有几处都可能是它，无法确定，"
                                  "请按模板原文填写这一句后重新报送。"),
    "mapping-unknown-code": ("error", "表样“{source}”的 maps_to 写到了“{target}”的空格 {field}，但“{target}”没有这个空格，请改正表样。"),
    # issue 14 (formats and archives): what a unit sent that is not a form we can read, and archives
    "file-pdf": ("error", "是 PDF 文件（可能是扫描件），无法读取其中的数字，请该单位以 Word 或 Excel 格式重新报送。"),
    "file-image": ("error", "是 {kind} 图片（可能是拍照或扫描的统计表），无法读取其中的数字，请该单位以 Word 或 Excel 格式重新报送。"),
    "file-old-word": ("error", "是 Word 6.0/95 或更早版本的文档，本工具无法读取，请该单位用 Word 或 WPS 另存为 .docx 后重新报送。"),
    "sheet-too-large": ("error", "工作表“{sheet}”的范围有 {rows} 行 {cols} 列，远超一张统计表，可能已损坏，请用 Excel/WPS 另存后重新报送。"),
    "file-rtf": ("error", "是 RTF 格式文档，本工具无法读取，请该单位用 Word 或 WPS 另存为 .docx 或 .doc 后重新报送。"),
    "archive-rar": ("error", "是 RAR 压缩包，本工具无法解压 RAR，请该单位改用 .zip 压缩包，或直接报送其中的统计表。"),
    "archive-encrypted": ("error", "压缩包设有密码，无法解压，请该单位去掉密码后重新报送，或直接报送其中的统计表。"),
    "archive-too-many": ("error", "压缩包中有 {count} 个文件，超过 {limit} 个的上限，请该单位只打包统计表，或直接报送统计表。"),
    "archive-too-deep": ("error", "压缩包套压缩包超过 {limit} 层，未再解压，请该单位解压后直接报送其中的统计表。"),
    "archive-unsafe-path": ("error", "压缩包中的文件名“{name}”指向压缩包以外的位置，已拒绝读取，请该单位重新打包后报送。"),
    "archive-empty": ("error", "压缩包中没有任何文件，请该单位确认是否打包了统计表后重新报送。"),
    "archive-misnamed": ("error", "是压缩包（内有 {count} 个文件），扩展名却是 {ext}，所以没有解压读取；请把扩展名改为 .zip 后重新读取，或请该单位直接报送其中的统计表。"),
    "file-is-archive": ("error", "是压缩包（内有 {count} 个文件），请将它放在要读取的文件夹中，其中的文件会逐个读取。"),
    # issue 15: documents as units really make them (several forms in a file, Word structures, dates, marks)
    "sheet-blank-skipped": ("info", "{sheets} 是未填写的空白表样，已跳过，不计入汇总；读取的是 {read}。"),
    "sheet-other-year-skipped": ("info", "{sheets} 是往年的统计表，已跳过，不计入汇总。"),
    "form-in-hidden-sheet": ("error", "统计表在隐藏的工作表“{sheet}”中，其他工作表中没有统计表；请在 Excel/WPS 中取消隐藏该工作表后保存，再报送。"),
    "file-no-text": ("error", "文件中没有任何文字（可能是扫描件或图片），无法读取；请向单位索要可编辑的 Word/Excel 统计表。"),
    "form-as-image": ("error", "文件里有统计表的标题，但表格是图片（文件中有 {count} 张图片），无法读取其中的数字；请向单位索要可编辑的 Word/Excel 统计表。"),
    "file-altchunk": ("error", "文件正文是嵌入的 {kind} 内容（{part}），本工具无法读取；请用 Word 打开该文件，另存为 .docx 后再汇总。"),
    "unit-instruction": ("error", "“填报单位”处读到的是“{text}”，像是填表说明而不是单位名称，无法汇总；请在“填报单位（盖章）”后填写单位全称。"),
    "date-no-year": ("warning", "填报日期“{text}”没有写年份，已按 {year} 年计为 {date}，请核实。"),
    "date-late": ("warning", "填报日期 {date} 晚于截止日期 {deadline} {days} 天，请核实是逾期报送还是日期填错。"),
    "blank-only-raised": ("error", "{field}（{label}）填写的“{text}”全是上标或下标（或是脚注编号），没有按正常格式写出的数字，"
                                   "无法确定填的是多少；请该单位把这个数字按正常格式填写后重新报送。"),
    "blank-mark": ("warning", "{field}（{label}）填写的“{text}”中“{mark}”是上标、脚注或标注符号，不是数字，已按 {value} 计；标注若有说明请另附。"),
    "textbox-read": ("warning", "“{text}”写在浮于表格上的文本框里，已按文本框所在位置读入；文本框的位置不一定对准空格，请核实，并请单位把数字直接填在空格内。"),
    "textbox-in-blank": ("warning", "“{text}”写在浮于表格上的文本框里，本格只有一个空格未填，已读作该空格的数字；请核实，并请单位把数字直接填在空格内。"),
    "object-read": ("info", "表格是以 Excel 对象嵌入 Word 的（{part}），已读取对象中的数据；打印出来的可能只是对象显示的一部分。"),
    "object-unreadable": ("warning", "此处嵌入的对象（{part}）不是可读取的 Excel 表格，其中的内容未读取；如统计表在其中，请让单位把表格直接粘贴为 Word 表格，或单独报送 Excel 文件。"),
    "record-unreadable": ("error", "其他特色活动中的“{text}”读不出活动名称、组织场次和参与人次，未计入；请按“活动名称（ ），组织（ ）场/次，参与（ ）人次”每项一条填写。"),
    "record-prose": ("warning", "其他特色活动“{text}”没有按模板格式填写，已读作：活动名称“{name}”，组织 {count} 场/次，参与 {people} 人次，请核实。"),
    "subtotal-recognised": ("info", "识别为{unit}的汇总表（{why}），已与本文件 {count} 张分表核对，不重复计入汇总。"),
    "subtotal-mismatch": ("error", "{unit}的汇总表中 {field}（{label}）为 {value}，各分表合计为 {parts}，两者不符；汇总按各分表计，请向该单位核实。"),
}


# issue 17 (printing): a short Chinese name for every code, for the report's 问题清单 (the code stays beside it)
CODE_NAMES: dict[str, str] = {
    "file-empty": "空文件", "file-corrupt": "文件损坏", "file-encrypted": "文件加密", "file-too-large": "文件过大",
    "file-unsafe-xml": "不安全内容", "file-wrong-format": "扩展名不符", "file-timeout": "读取超时",
    "file-unsupported": "不支持的格式", "formula-no-cached-value": "公式无结果", "formula-cached-value": "公式",
    "not-a-form": "不是统计表", "schema-mismatch": "表样不符", "other-year": "年度不符", "other-form": "用错表样",
    "item-repeated": "项目重复", "blank-not-found": "找不到空格", "blank-empty": "未填写", "blank-not-a-number": "不是数字", "blank-only-raised": "只有上标数字",
    "blank-not-whole": "不是整数", "blank-negative": "负数", "blank-several-numbers": "多个数字",
    "blank-approximate": "约数", "blank-too-large": "数字过大", "blank-wrong-unit": "单位不符",
    "unit-missing": "缺填报单位", "date-missing": "缺填报日期", "date-invalid": "日期无法识别",
    "record-incomplete": "特色活动缺数字", "record-no-name": "特色活动缺名称",
    "participants-without-sessions": "有人次无场次", "participants-below-sessions": "人次少于场次",
    "at-least": "数字关系不符", "requires": "数字关系不符", "form-empty": "整表未填",
    "unit-superseded": "重复报送", "code-not-in-target": "无对应空格", "form-excluded": "未计入汇总",
    "anomaly-outlier": "异常大小", "anomaly-ratio": "人次场次比异常", "anomaly-period": "同比异常",
    "anomaly-same-as-previous": "与去年相同", "anomaly-copied": "与他单位相同", "anomaly-constant": "同一个数",
    "file-ignored": "已忽略", "own-summary": "本级汇总表", "unit-counted-twice": "同一单位计入两次",
    "unit-from-file-name": "按文件名认定单位", "unit-fuzzy-match": "单位名相近", "schema-no-common-blanks": "表样无共同空格",
    "output-is-input": "输出与输入相同", "output-is-folder": "输出是文件夹", "output-folder-missing": "输出目录不存在",
    "output-folder-unwritable": "无法写入文件夹", "output-write-failed": "写入失败", "output-bad-suffix": "上报表格式不对",
    "output-no-forms": "没有可用的表", "output-report-same": "报告与上报表同名",
    "render-structured-xlsx-only": "填报版只能是 xlsx", "render-unknown-style": "未知样式", "render-bad-suffix": "格式不对",
    "roster-missing": "名单不存在", "roster-unreadable": "名单无法读取", "roster-encoding": "名单编码无法识别",
    "roster-no-unit-column": "名单缺单位列", "roster-empty": "名单为空", "roster-yaml": "名单格式错误",
    "roster-not-list": "名单格式错误", "roster-bad-entry": "名单项格式错误", "roster-bad-field": "名单项无法使用",
    # issue 16
    "blank-unmapped": "未能对应", "blank-unmapped-partial": "未能对应（留空）", "other-version": "另一年度/版本的表",
    "other-version-known": "另一年度/版本的表", "date-other-year": "填报日期年度不符", "clause-changed": "文字有改动",
    "clause-ambiguous": "文字改动无法确定", "mapping-unknown-code": "对应关系有误",
    # issue 14 (formats and archives)
    "file-pdf": "PDF 文件", "file-image": "图片", "file-old-word": "Word 95 旧格式", "sheet-too-large": "工作表过大",
    "file-rtf": "RTF 文档", "archive-rar": "RAR 压缩包", "archive-encrypted": "压缩包加密", "archive-too-many": "压缩包文件过多",
    "archive-too-deep": "压缩包层数过多", "archive-unsafe-path": "压缩包路径不安全", "archive-empty": "空压缩包",
    "archive-misnamed": "压缩包扩展名不对", "file-is-archive": "压缩包",
    # issue 15
    "sheet-blank-skipped": "空白表已跳过", "sheet-other-year-skipped": "往年表已跳过", "form-in-hidden-sheet": "表在隐藏工作表",
    "file-no-text": "文件无文字", "form-as-image": "统计表是图片", "file-altchunk": "嵌入内容无法读取", "unit-instruction": "单位处是说明文字",
    "date-no-year": "日期缺年份", "date-late": "晚于截止日期", "blank-mark": "数字带标注", "textbox-read": "文本框",
    "textbox-in-blank": "文本框读入空格", "object-read": "嵌入的 Excel 表格", "object-unreadable": "嵌入对象无法读取",
    "record-unreadable": "特色活动无法读出", "record-prose": "特色活动按文字读出", "subtotal-recognised": "发送单位汇总表",
    "subtotal-mismatch": "汇总表与分表不符",
}


def make(code: str, *, location: str | None = None, field: str | None = None, file: str | None = None, **params) -> Issue:
    """Build an issue from the catalogue; a code missing from the catalogue is a programming error."""
    severity = CATALOGUE[code][0]
    return Issue(severity=severity, code=code, field=field, location=location, file=file, params=params)


class Problem(Exception):
    """A usage problem (an output that cannot be written, a roster that cannot be read, …) as a catalogue issue:
    the commands show ``issue.message``; the code and parameters stay for the desk and for tests."""

    def __init__(self, code: str, **params) -> None:
        self.issue = make(code, **params)
        super().__init__(self.issue.message)

    def __reduce__(self):
        """Pickled whole (its issue), so that one raised in a worker process is raised here as it was there."""
        return _problem, (type(self), self.issue)


def _problem(cls: type[Problem], issue: Issue) -> Problem:
    problem = cls.__new__(cls)
    Exception.__init__(problem, issue.message)
    problem.issue = issue
    return problem


# what the system says when a file cannot be read or written, in the clerk's language (the rest as the system says it)
OS_ERRORS: dict[int, str] = {
    errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "磁盘是只读的",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹", errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序占用", errno.EIO: "磁盘读写出错",
}


def os_error_text(exc: OSError) -> str:
    """Why a file operation failed, in Chinese where the reason is a common one."""
    return OS_ERRORS.get(exc.errno, exc.strerror or str(exc)) if exc.errno is not None else (exc.strerror or str(exc))


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)
