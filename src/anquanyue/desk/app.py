"""The desk's routes: one page for the whole flow (form → inbox → roster → who has reported → downloads),
its live part polled by the page, one form as read, and the downloads. Every failure is a Chinese message."""
from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from anquanyue import __version__
from anquanyue.chasing.status import notice_text
from anquanyue.desk import views
from anquanyue.desk.files import MAX_UPLOAD_BYTES, MAX_UPLOADS, DeskError, inside, save_stream
from anquanyue.desk.safety import Guard
from anquanyue.desk.state import ROSTER_STEM, ROSTER_SUFFIXES, SCHEMA_FOLDER, DeskState
from anquanyue.reading.archives import READ_ARCHIVES
from anquanyue.reading.loaders import SUFFIXES

HERE = Path(str(resources.files("anquanyue.desk")))
FORM_SUFFIXES = {*SUFFIXES, *READ_ARCHIVES}  # the forms' formats, and archives of them (read file by file)
log = logging.getLogger("anquanyue.desk")


def create_app(state: DeskState, secret: str, port: int) -> Guard:
    """The desk for ``state``, reachable only at 127.0.0.1/localhost:``port`` with ``secret``."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.filters["short"] = lambda text: _short(state, text)
    env.filters["q"] = lambda text: quote(text or "")

    def page(template: str, status_code: int = 200, **context) -> HTMLResponse:
        html = env.get_template(template).render(state=state, version=__version__, **context)
        return HTMLResponse(html, status_code=status_code)

    def failure(message: str, status_code: int = 400) -> HTMLResponse:
        return page("failure.html", status_code=status_code, message=message)

    def live_context() -> dict:
        reading = state.reading()
        context = {"reading": reading, "rows": [], "outside": [], "notice": None, "anomalies": [], "chart": None,
                   "totals": []}
        if reading is None:
            return context
        inbox = state.inbox
        if reading.status is not None:
            context["rows"] = views.roster_rows(inbox, reading.status)
            context["outside"] = views.outside_rows(inbox, reading.status)
            context["others"] = views.other_files(inbox, reading.merged)
            context["notice"] = notice_text(reading.status)
            context["warnings"] = reading.status.warnings
        else:
            context["rows"] = views.file_rows(inbox, reading.merged)
        context["anomalies"] = views.anomalies(reading.merged)
        context["chart"] = views.chart(reading.merged)
        context["totals"] = views.totals_view(reading.merged)
        counts: dict[str, int] = {}
        for row in context["rows"]:
            counts[row.state_name] = counts.get(row.state_name, 0) + 1
        context["counts"] = counts
        return context

    async def index(request: Request) -> Response:
        try:
            if await run_in_threadpool(state.is_current):
                context = await run_in_threadpool(live_context)
            else:  # the page at once; its live part follows when the inbox is read (with how far it has got)
                context = {"reading": None, "pending": True}
        except DeskError as exc:
            context = {"reading": None, "problem": str(exc)}
        return page("index.html", schemas=state.schemas(), roster_suffixes=",".join(ROSTER_SUFFIXES),
                    form_suffixes=",".join(sorted(FORM_SUFFIXES)), **context)

    async def live(request: Request) -> Response:
        try:
            return page("_live.html", **await run_in_threadpool(live_context))
        except DeskError as exc:
            return page("_live.html", reading=None, problem=str(exc))

    async def progress(request: Request) -> Response:
        found = state.progress
        return JSONResponse({"reading": found is not None, "done": found[0] if found else 0,
                             "total": found[1] if found else 0})

    async def choose(request: Request) -> Response:
        what = request.path_params["what"]
        try:
            data = await request.json()
        except ValueError:
            return JSONResponse({"error": "请求内容无法识别，请刷新页面后重试。"}, status_code=400)
        if not isinstance(data, dict):
            return JSONResponse({"error": "请求内容无法识别，请刷新页面后重试。"}, status_code=400)
        try:
            if what == "inbox":
                state.set_inbox(str(data.get("path", "")), create=bool(data.get("create")))
                return JSONResponse({"message": f"收件文件夹：{state.inbox}"})
            if what == "output":
                state.set_output(str(data.get("path", "")))
                return JSONResponse({"message": f"汇总结果保存到：{state.output}"})
            if what == "schema":
                state.set_schema(str(data.get("ref", "")))
                return JSONResponse({"message": f"表样：{state.schema.title if state.schema else '按收到的表自动识别'}"})
        except DeskError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        raise HTTPException(404)

    async def upload(request: Request) -> Response:
        what = request.path_params["what"]
        name = request.query_params.get("name", "")
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = 0
        try:
            if length > MAX_UPLOAD_BYTES:
                raise DeskError(f"{name}：文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，未保存。")
            suffix = Path(name).suffix.lower()
            if what == "files":
                if state.inbox is None:
                    raise DeskError("请先选择收件文件夹，再拖入文件。")
                if state.uploads >= MAX_UPLOADS:
                    raise DeskError(f"本次启动已收下 {MAX_UPLOADS} 个文件，达到上限；请直接把文件复制到收件文件夹。")
                if suffix not in FORM_SUFFIXES:
                    kinds = "、".join(sorted(FORM_SUFFIXES))
                    raise DeskError(f"{name}：只收 {kinds} 格式的统计表，这个文件未保存。")
                saved = await save_stream(request.stream(), state.inbox, name)
                state.uploads += 1
                renamed = "" if saved.name == Path(name).name else f"（已有同名文件，另存为 {saved.name}）"
                return JSONResponse({"message": f"已保存：{saved.name}{renamed}"})
            if what == "roster":
                if suffix not in ROSTER_SUFFIXES:
                    raise DeskError(f"{name}：名单请用 CSV 或 Excel（.xlsx）文件，第一行写“单位”“别名”“上级”“类别”。")
                saved = await save_stream(request.stream(), state.output_folder(), f"{ROSTER_STEM}{suffix}",
                                          replace=True)
                state.set_roster(saved)
                return JSONResponse({"message": f"已载入名单：{len(state.roster.units)} 个单位（副本保存在 {saved}）"})
            if what == "schema":
                if suffix not in (".yaml", ".yml"):
                    raise DeskError(f"{name}：表样请用 .yaml 文件。")
                saved = await save_stream(request.stream(), state.output_folder() / SCHEMA_FOLDER, name)
                schema = state.add_schema_file(saved)
                return JSONResponse({"message": f"已载入表样：{schema.title}（{schema.id}）"})
        except DeskError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except OSError as exc:
            from anquanyue.issues import os_error_text

            return JSONResponse({"error": f"{name}：无法保存（{os_error_text(exc)}）。"}, status_code=400)
        raise HTTPException(404)

    async def unit(request: Request) -> Response:
        relative = request.query_params.get("f", "")
        try:
            if state.inbox is None:
                raise DeskError("请先选择收件文件夹。")
            path = inside(state.inbox, relative)
            reading = await run_in_threadpool(state.reading)
            report = next((r for r in reading.merged.results if Path(r.file).resolve() == path), None)
            if report is None:
                raise DeskError(f"收件文件夹中没有读到“{relative}”（可能已被移走或不是统计表文件）。")
        except DeskError as exc:
            return failure(str(exc))
        entry = next((e for e in reading.merged.files if e.file == report.file), None)
        return page("unit.html", report=report, entry=entry, name=relative, view=views.form_view(report))

    async def notice(request: Request) -> Response:
        try:
            reading = await run_in_threadpool(state.reading)
            if reading is None or reading.status is None:
                raise DeskError("请先选择收件文件夹并载入应报单位名单，才能生成催报通知。")
        except DeskError as exc:
            return failure(str(exc))
        return Response(notice_text(reading.status).encode("utf-8"), media_type="text/plain; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename*=utf-8''" + quote("催报通知.txt")})

    async def download(request: Request) -> Response:
        what = request.path_params["what"]
        fmt = request.query_params.get("fmt", "xlsx")
        try:
            if what not in ("form", "report"):
                raise HTTPException(404)
            form, report = await run_in_threadpool(state.write, request.query_params.get("to") or None,
                                                   fmt if what == "form" else "xlsx")
        except DeskError as exc:
            return failure(str(exc))
        chosen = form if what == "form" else report
        return FileResponse(chosen, filename=chosen.name)

    async def not_found(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            return failure("没有这个页面，请回到首页。", 404)
        if exc.status_code == 405:
            return failure("不支持这种请求方式，请回到首页。", 405)
        return failure("请求无法处理，请回到首页重试。", exc.status_code)

    async def crashed(request: Request, exc: Exception) -> Response:
        log.error("汇总台出错", exc_info=exc)
        message = "汇总台内部出错，请把终端窗口里的内容发给维护人员；已收到的文件没有受影响。"  # the log says what
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=500)
        return failure(message, 500)

    routes = [
        Route("/", index),
        Route("/live", live),
        Route("/progress", progress),
        Route("/api/choose/{what}", choose, methods=["POST"]),
        Route("/api/upload/{what}", upload, methods=["POST"]),
        Route("/unit", unit),
        Route("/download/notice", notice),
        Route("/download/{what:str}", download),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: crashed})
    return Guard(app, secret, port)


def _short(state: DeskState, text: str | None) -> str:
    """A message or path as the clerk knows it: without the inbox folder's long prefix."""
    if not text:
        return ""
    if state.inbox is not None:
        prefix = str(state.inbox)
        text = text.replace(prefix + "/", "").replace(prefix + "\\", "")
    return text
