// 安全月 · 汇总台: the page's few actions, in plain JavaScript (nothing loaded from the internet).
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var MAX_FILES_AT_ONCE = 200;

  function flash(text, isError) {
    var box = $("flash");
    if (!box) { return; }
    box.textContent = text;
    box.className = "flash" + (isError ? " error" : "");
    box.hidden = false;
  }

  function answer(response) {
    return response.json().catch(function () {
      return { error: "汇总台没有给出可读的回答（" + response.status + "），请刷新页面后重试。" };
    });
  }

  function choose(what, body, reload) {
    return fetch("/api/choose/" + what, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(answer).then(function (data) {
      if (data.error) { flash(data.error, true); return; }
      flash(data.message, false);
      if (reload) { window.location.reload(); } else { refresh(); }
    }).catch(function () { flash("无法连接汇总台：终端窗口是否已关闭？", true); });
  }

  function upload(what, file) {
    return fetch("/api/upload/" + what + "?name=" + encodeURIComponent(file.name), {
      method: "POST", body: file, credentials: "same-origin",
      headers: { "Content-Type": "application/octet-stream" }
    }).then(answer).catch(function () {
      return { error: file.name + "：上传失败，汇总台没有回应。" };
    });
  }

  var loading = false;  // a /live request is on its way: the next refresh waits for it
  var watching = null;  // while it is: how far the reading has got, every half second

  function showProgress() {
    fetch("/progress", { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (p) {
      var note = $("live-note");
      var bar = $("live-progress");
      if (!note || !bar || !p.reading || !p.total || !watching) { return; }
      note.textContent = "（正在读取收件文件夹：" + p.done + " / " + p.total + " 个文件）";
      bar.max = p.total;
      bar.value = p.done;
      bar.hidden = false;
    }).catch(function () {});
  }

  function stopProgress() {
    if (watching) { window.clearInterval(watching); watching = null; }
    var bar = $("live-progress");
    if (bar) { bar.hidden = true; }
  }

  function refresh() {
    var live = $("live");
    if (!live || loading) { return; }
    var active = document.activeElement;
    if (active && active.id === "notice") { return; }  // she is selecting the notice's text
    loading = true;
    watching = window.setInterval(showProgress, 500);
    fetch("/live", { credentials: "same-origin" }).then(function (response) {
      return response.text();
    }).then(function (html) {
      stopProgress();
      loading = false;
      live.innerHTML = html;
      var note = $("live-note");
      if (note) { note.textContent = "（自动刷新）"; }
      document.body.setAttribute("data-refreshed", String(Date.now()));
    }).catch(function () {
      stopProgress();
      loading = false;
      var note = $("live-note");
      if (note) { note.textContent = "（无法连接汇总台，终端窗口是否已关闭？）"; }
    });
  }

  function uploadAll(files) {
    var log = $("drop-log");
    var list = Array.prototype.slice.call(files);
    if (list.length > MAX_FILES_AT_ONCE) {
      flash("一次最多拖入 " + MAX_FILES_AT_ONCE + " 个文件，请分批拖入。", true);
      return;
    }
    var chain = Promise.resolve();
    list.forEach(function (file) {
      chain = chain.then(function () { return upload("files", file); }).then(function (data) {
        var line = document.createElement("li");
        line.textContent = data.error || data.message;
        if (data.error) { line.className = "problem"; }
        log.appendChild(line);
      });
    });
    chain.then(function () { flash("已处理 " + list.length + " 个文件。", false); refresh(); });
  }

  function downloads() {
    var to = $("target") ? $("target").value : "";
    var fmt = $("fmt") ? $("fmt").value : "xlsx";
    var query = "?fmt=" + fmt + (to ? "&to=" + encodeURIComponent(to) : "");
    if ($("get-form")) { $("get-form").href = "/download/form" + query; }
    if ($("get-report")) { $("get-report").href = "/download/report" + (to ? "?to=" + encodeURIComponent(to) : ""); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if ($("schema")) {
      $("schema").addEventListener("change", function () { choose("schema", { ref: this.value }, false); });
    }
    if ($("schema-file")) {
      $("schema-file").addEventListener("change", function () {
        if (!this.files.length) { return; }
        upload("schema", this.files[0]).then(function (data) {
          if (data.error) { flash(data.error, true); } else { flash(data.message, false); window.location.reload(); }
        });
      });
    }
    if ($("inbox-open")) {
      $("inbox-open").addEventListener("click", function () {
        choose("inbox", { path: $("inbox").value, create: $("inbox-create").checked }, true);
      });
      $("inbox").addEventListener("keydown", function (event) {
        if (event.key === "Enter") { $("inbox-open").click(); }
      });
    }
    if ($("output-set")) {
      $("output-set").addEventListener("click", function () { choose("output", { path: $("output").value }, true); });
    }
    if ($("roster-file")) {
      $("roster-file").addEventListener("change", function () {
        if (!this.files.length) { return; }
        upload("roster", this.files[0]).then(function (data) {
          if (data.error) { flash(data.error, true); } else { flash(data.message, false); window.location.reload(); }
        });
      });
    }
    var drop = $("drop");
    if (drop) {
      ["dragenter", "dragover"].forEach(function (name) {
        drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.remove("over"); });
      });
      drop.addEventListener("drop", function (event) { uploadAll(event.dataTransfer.files); });
      $("drop-files").addEventListener("change", function () { uploadAll(this.files); this.value = ""; });
    }
    document.addEventListener("click", function (event) {
      if (event.target && event.target.id === "copy-notice") {
        var text = $("notice");
        var done = function () { $("copied").textContent = "已复制，可直接粘贴到微信。"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text.value).then(done, function () { text.select(); document.execCommand("copy"); done(); });
        } else {
          text.select(); document.execCommand("copy"); done();
        }
      }
    });
    if ($("target")) { $("target").addEventListener("change", downloads); $("fmt").addEventListener("change", downloads); downloads(); }
    if ($("live")) { window.setInterval(refresh, 3000); }
    if ($("live-pending")) { refresh(); }  // the page came before the inbox was read: fetch it now
  });
})();
