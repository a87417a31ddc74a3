"""The structured workbook's fixed names, shared by its writer and its reader (which must not import openpyxl)."""

MARKER = "anquanyue-structured"
META_SHEET = "_anquanyue"
SHEET = "填报"
COLUMNS = ("代码", "活动项目", "统计内容", "单位", "填报数")
RECORD_COLUMNS = ("活动名称", "组织（场/次）", "参与（人次）", "活动简介")
RECORD_ROWS = 10
