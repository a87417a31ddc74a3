"""The structured workbook's fixed names, shared by its writer and its reader (which must not import openpyxl)."""

MARKER = "anquanyue-structured"
META_SHEET = "_anquanyue"
SHEET = "填报"
COLUMNS = ("代码", "活动项目", "统计内容", "单位", "填报数")
RECORD_COLUMNS = ("活动名称", "组织（场/次）", "参与（人次）", "活动简介")
RECORD_ROWS = 10  # empty record rows a blank template offers; the unit adds more below them
# Item 7's records have a sheet of their own (since issue 17), columns A-D under a heading row: the unit adds rows
# freely there. Older templates hold them on SHEET, columns B-E under the blanks; the reader reads both.
RECORD_SHEET = "其他特色活动"
