"""Regenerate the sample submissions from the schemas, so they always match them.

    python samples/make_samples.py

Writes ``samples/weihai-2023/`` (the city's units, in the mix units really send: official .xlsx and .docx,
one structured .xlsx, one .xls, numbers typed in several styles, one resubmission, a note that is not a form),
``samples/roster-weihai.csv`` (who must report) and ``samples/national/上海市应急管理局.xlsx`` (the national
form Shanghai filed in 2023, as the seed document shows it). ``EXPECTED`` is what each file must read as.
"""
from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

import docx
import openpyxl

from anquanyue.formdata import FormData, OtherActivity
from anquanyue.writing import write_form
from anquanyue.schema import load_schema

HERE = Path(__file__).resolve().parent
WEIHAI = load_schema("weihai-2023")

# (file name, 填报单位, 联系人, 电话, 填报日期, format, size factor, style of numbers)
UNITS = [
    ("环翠区工信局.xlsx", "环翠区工业和信息化局", "王敏", "0631-5201234", "2023-06-28", "xlsx", 1.0, "plain"),
    ("文登区工信局.docx", "文登区工业和信息化局（盖章）", "刘洋", "0631-8451120", "2023-06-27", "docx", 0.9, "fullwidth"),
    ("荣成市工信局.xlsx", "荣成市工业和信息化局", "张伟", "0631-7562213", "2023-06-29", "xlsx", 1.1, "chinese"),
    ("乳山市工信局.docx", "乳山市工业和信息化局", "孙丽", "0631-6651032", "2023-06-26", "docx", 0.7, "wan"),
    ("乳山市工信局（更正）.docx", "乳山市工业和信息化局", "孙丽", "0631-6651032", "2023-06-29", "docx", 0.72, "plain"),
    ("高区经济发展局.xlsx", "高区经济发展局", "陈晨", "0631-5688001", "2023-06-28", "structured", 0.6, "plain"),
    ("经区经济发展局.xlsx", "经区经济发展局", "赵磊", "0631-5980233", "2023-06-30", "xlsx", 0.8, "unit"),
    ("临港区经济发展局.xls", "临港区经济发展局", "周静", "0631-3862210", "2023-06-28", "xls", 0.4, "plain"),
    ("综保区经济发展局.docx", "综保区经济发展局", "吴昊", "0631-5681177", "2023-06-25", "docx", 0.3, "plain"),
    ("原材料工业科.xlsx", "威海市工业和信息化局原材料工业科", "郑凯", "0631-5287011", "2023-06-28", "xlsx", 0.2, "plain"),
    ("装备工业科.docx", "威海市工业和信息化局装备工业科", "冯雪", "0631-5287023", "2023-06-29", "docx", 0.25, "plain"),
]
# 南海新区科技金融局 and 消费品工业科 are on the roster but have not sent a form: `status` names them.
ROSTER = [
    ("环翠区工业和信息化局", "环翠区工信局", "威海市工业和信息化局", "区市"),
    ("文登区工业和信息化局", "文登区工信局", "威海市工业和信息化局", "区市"),
    ("荣成市工业和信息化局", "荣成市工信局", "威海市工业和信息化局", "区市"),
    ("乳山市工业和信息化局", "乳山市工信局", "威海市工业和信息化局", "区市"),
    ("威海火炬高技术产业开发区经济发展局", "高区经济发展局;高区经发局", "威海市工业和信息化局", "功能区"),
    ("威海经济技术开发区经济发展局", "经区经济发展局;经区经发局", "威海市工业和信息化局", "功能区"),
    ("威海临港经济技术开发区经济发展局", "临港区经济发展局", "威海市工业和信息化局", "功能区"),
    ("威海综合保税区经济发展局", "综保区经济发展局", "威海市工业和信息化局", "功能区"),
    ("南海新区科技金融局", "", "威海市工业和信息化局", "功能区"),
    ("威海市工业和信息化局原材料工业科", "原材料工业科", "威海市工业和信息化局", "行业科室"),
    ("威海市工业和信息化局装备工业科", "装备工业科", "威海市工业和信息化局", "行业科室"),
    ("威海市工业和信息化局消费品工业科", "消费品工业科", "威海市工业和信息化局", "行业科室"),
]
# typical size of a district's figures; participants are sessions times a plausible audience
BASE = {"1.1": 40, "1.3": 60, "1.4": 120, "2.1": 2500, "2.3": 30, "3.1": 35, "3.3": 20, "3.4": 30, "3.6": 25,
        "3.8": 20, "3.10": 15, "3.12": 40, "4.1": 18, "4.2": 1, "4.3": 3, "5.1": 60, "5.3": 30, "5.5": 25,
        "6.1": 6, "6.3": 3}
AUDIENCE = {"1.2": ("1.1", 30), "1.5": ("1.4", 18), "2.2": ("2.1", 3), "3.2": ("3.1", 25), "3.5": ("3.4", 28),
            "3.7": ("3.6", 20), "3.9": ("3.8", 16), "3.11": ("3.10", 35), "5.2": ("5.1", 40), "5.4": ("5.3", 30),
            "5.6": ("5.5", 45), "6.2": ("6.1", 120), "6.4": ("6.3", 900)}
ACTIVITIES = ["安全生产法律法规知识竞赛", "“安全生产月”企业观摩交流会", "消防应急疏散演练开放日", "安全文化进园区宣讲",
              "危化品运输应急处置演练", "“安全生产大家谈”主题征文"]


def unit_values(rng: random.Random, factor: float) -> dict[str, int]:
    values: dict[str, int] = {}
    for code, base in BASE.items():
        values[code] = max(0, round(base * factor * rng.uniform(0.6, 1.4)))
    for code, (sessions, audience) in AUDIENCE.items():
        values[code] = round(values[sessions] * audience * rng.uniform(0.7, 1.3))
    return {code: values[code] for code in WEIHAI.codes}


def unit_records(rng: random.Random, unit: str, count: int) -> list[OtherActivity]:
    names = rng.sample(ACTIVITIES, count)
    return [OtherActivity(name=n, count=rng.randint(1, 4), people=rng.randint(40, 400),
                          description=f"{unit}组织开展，覆盖辖区重点企业。" if i == 0 else "") for i, n in enumerate(names)]


def styled(value: int, style: str, unit: str) -> str:
    if style == "fullwidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if style == "chinese" and value < 100:
        import cn2an

        return cn2an.an2cn(value)
    if style == "wan" and value >= 5000 and value % 100 == 0:
        return f"{value / 10000:g}万"
    if style == "unit":
        return f"{value}{unit}"
    return str(value)


def restyle_text(text: str, values: dict[str, int], style: str) -> str:
    """Retype the numbers of a rendered form the way a unit would (Chinese numerals, 万, full width …)."""
    if style == "plain":
        return text
    for item in WEIHAI.items:
        rendered = WEIHAI.render_prose(item, values)
        if rendered in text:
            template = item.prose
            new = template
            for code in item.codes:
                new = new.replace("{" + code + "}", styled(values[code], style, WEIHAI.blanks[code].unit))
            text = text.replace(rendered, new)
    return text


def restyle_file(path: Path, values: dict[str, int], style: str) -> None:
    if style == "plain":
        return
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        for row in wb.active.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = restyle_text(cell.value, values, style)
        wb.save(path)
    else:
        document = docx.Document(str(path))
        for row in document.tables[0].rows:
            for paragraph in row.cells[1].paragraphs:
                for run in paragraph.runs:
                    run.text = restyle_text(run.text, values, style)
        document.save(str(path))


def write_xls(path: Path, data: FormData) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("统计表")
    sheet.write(0, 0, WEIHAI.title)
    sheet.write(1, 0, WEIHAI.header_line(data.header_values()))
    sheet.write(2, 0, WEIHAI.columns[0])
    sheet.write(2, 1, WEIHAI.columns[1])
    row = 3
    for item in WEIHAI.items:
        sheet.write(row, 0, WEIHAI.item_row_title(item))
        sheet.write(row, 1, WEIHAI.render_prose(item, data.values))
        row += 1
    for index, record in enumerate(data.other_activities):
        if index == 0:
            sheet.write(row, 0, WEIHAI.item_row_title(WEIHAI.other))
        sheet.write(row, 1, WEIHAI.render_record(record.name, record.count, record.people))
        row += 1
    book.save(str(path))


def build_weihai(folder: Path) -> dict[str, FormData]:
    rng = random.Random(2023)
    expected: dict[str, FormData] = {}
    folder.mkdir(parents=True, exist_ok=True)
    for name, unit, contact, phone, date, fmt, factor, style in UNITS:
        values = unit_values(rng, factor)
        if style == "wan":  # this unit reports its larger figures rounded, in 万
            values = {c: round(v, -2) if v >= 5000 else v for c, v in values.items()}
        records = unit_records(rng, re.sub(r"（盖章）$", "", unit), rng.randint(0, 2))
        data = FormData(form_schema=WEIHAI, unit=unit, contact=contact, phone=phone, date=date, values=values,
                        other_activities=records)
        path = folder / name
        path.unlink(missing_ok=True)
        if fmt == "xls":
            for record in records:
                record.description = ""
            write_xls(path, data)
        else:
            write_form(WEIHAI, path, data, style="structured" if fmt == "structured" else "official")
            restyle_file(path, values, style if fmt != "structured" else "plain")
        expected[name] = data
    (folder / "说明.txt").write_text("各单位报送的统计表，截至6月30日。南海新区、消费品工业科未报。\n", encoding="utf-8")
    return expected


def build_roster(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["单位", "别名", "上级", "类别"])
        writer.writerows(ROSTER)


SHANGHAI_HEADER = "填报单位（盖章）：上海市应急管理局 联系人：杨靖 电话：021-23305878 填报日期：2023.7.3"
SHANGHAI_ROWS = [
    ("1. 开展习近平总书记关于应急管理、安全生产重要论述宣贯活动",
     "组织开展宣讲活动(9216)场，参与(781937)人次； 发表评论文章或心得体会(14681) 篇； 组织开展“安全生产大家谈”“班前会”“以案说法”等活动(16083)场，参与(545234)人次。"),
    ("2. 着眼于“人人讲安全、个个会应急”，大力推动安全宣传“五进”",
     "参与“人人讲安全 个个会应急”网络知识竞赛(112746)人，答题(707633)人次； 参加线上“逃生演练训练营”活动发布视频(1975)个。"),
    ("3. 聚焦专项排查整治行动，开展企业主要负责人“五带头”宣传活动",
     "开展企业主要负责人“安全承诺践诺”活动(4216)场，参与(126588)人次； 报道企业主要负责人“五带头”(3404)次； 开展“动火作业风险我知道”宣传活动(3186)场，参与(124798)人次； 对电焊工等危险作业人员开展安全培训(2426)场，参与(47361)人次； 开展“外包外租大排查”活动(3146)场，参与(31215)人次； 开展外包外租典型违法案例专题警示教育(1848)场，参与(116971)人次； 对外包外租项目开展大排查(3524)次。"),
    ("4. 发挥媒体监督和社会监督作用，开展全员查找身边隐患宣传活动",
     "曝光重大事故隐患和突出问题（ 4982 ）个； 在省级以上主流媒体公布“一案双罚”典型案例（ 0 ）个，安全生产行刑衔接（含危险作业罪）等各类典型案例（ 55 ）个。"),
    ("5. 坚持全民参与，组织开展常态化应急演练活动",
     "企业组织事故应急演练（ 33807 ）场，参与（ 1459084 ）人次，开展从业人员自救互救技能培训（ 6992 ）场，参与（ 372728 ）人次； 农村村庄、城市社区、学校、家庭开展科普知识宣传和情景模拟、实战推演、逃生演练、自救互救等活动（ 6862 ）场，参与（ 485767 ）人次。"),
    ("6. 充分发挥地域特色，组织开展“安全宣传咨询日”活动",
     "组织开展“安全宣传咨询日”现场活动（ 4818 ）场、参与（ 288844 ）人次，网络直播（ 3182 ）场、（ 180350 ）人观看。"),
    ("7. 其他特色活动",
     "活动名称（上海市安全生产共建共治共享推进会 ），组织（ 1 ）场/次，参与（ 200 ）人次。 为全面贯彻落实习近平总书记关于安全生产工作的重要论述，推动构建安全生产共建共治共享新格局，6月20日，上海市安全生产共建共治共享推进会隆重举行。市安委会办公室常务副主任、市应急局党委书记、局长马坚泓出席并讲话。浦东新区应急局、上海迪士尼度假区、宝山区应急局、中国（上海）自由贸易试验区临港新片区管委会、申能（集团）有限公司、普陀区快反应应急救援保障中心6家单位，围绕建立健全安全生产责任体系、以最高标准确保运营安全、开展应急知识与技能培训实项目、提升风险预警研判能力、发挥国有企业“头雁效应”、统筹多方资源提升应急能力等积极构建安全生产共建共治共享新格局的方法路径进行了分享交流。"),
]


def build_shanghai(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件"
    ws["A1"] = "附件"
    ws["A2"] = "全国“安全生产月”活动进展情况统计表"
    ws["A3"] = SHANGHAI_HEADER
    ws["A4"], ws["B4"] = "活动项目", "活动进展情况"
    for row, (a, b) in enumerate(SHANGHAI_ROWS, start=5):
        ws.cell(row, 1, a)
        ws.cell(row, 2, b)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2023, 7, 3)
    wb.save(path)


def main() -> int:
    build_weihai(HERE / "weihai-2023")
    build_roster(HERE / "roster-weihai.csv")
    build_shanghai(HERE / "national" / "上海市应急管理局.xlsx")
    print(f"samples written under {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
