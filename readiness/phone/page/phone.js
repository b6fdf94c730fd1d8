/* The phone page's test: round trip and jitter, then download and upload, then one report.
 *
 * Written for the browsers of phones several years old: ES5, XMLHttpRequest, no
 * framework, no promises. It mirrors the laptop's LibreSpeed client (readiness/checks/
 * connection/librespeed.py): ten pings after a warm-up (round trip: the fastest; jitter:
 * LibreSpeed's weighting), six download and three upload streams, a grace time before
 * counting, at most 10 s a direction (shorter on fast links, as LibreSpeed does), and
 * the 1.06 overhead factor. It sends only numbers and what the browser tells.
 */
(function () {
  "use strict";

  var texts = JSON.parse(document.getElementById("texts").textContent);
  var config = JSON.parse(document.getElementById("config").textContent);
  var STYLES = [["backend/", ".php"], ["", ".php"], ["backend/", ""], ["", ""]];
  var DURATION_S = 10, TICK_MS = 200, OVERHEAD = 1.06, MIB = 1048576;
  var endpoints = { empty: "empty", garbage: "garbage", cors: false, target: "laptop" };
  var startedAt = 0;

  function now() {
    return window.performance && performance.now ? performance.now() : new Date().getTime();
  }

  function byId(id) { return document.getElementById(id); }

  function show(id, visible) {
    if (visible) { byId(id).removeAttribute("hidden"); } else { byId(id).setAttribute("hidden", ""); }
  }

  function say(text) { byId("status").textContent = text; }

  function url(name, extra) {
    var query = (endpoints.cors ? "cors&" : "") + (extra ? extra + "&" : "") + "r=" + Math.random();
    return endpoints[name] + "?" + query;
  }

  function request(method, address, body, timeoutMs, done) {
    var xhr = new XMLHttpRequest();
    var finished = false;
    function end(ok) {
      if (finished) { return; }
      finished = true;
      done(ok, xhr);
    }
    xhr.onload = function () { end(xhr.status === 200); };
    xhr.onerror = function () { end(false); };
    xhr.ontimeout = function () { end(false); };
    xhr.open(method, address, true);
    xhr.timeout = timeoutMs;
    xhr.send(body);
    return xhr;
  }

  function phase(title, fraction, live) {
    byId("phase").textContent = title;
    byId("progress").value = Math.round(fraction * 100);
    byId("live").textContent = live || "";
  }

  /* Find the agency's endpoints (the same layouts the laptop tries); else use the laptop. */
  function chooseServer(next) {
    if (!config.agency_server) { next(); return; }
    var index = 0;
    function tryStyle() {
      if (index >= STYLES.length) { next(); return; }
      var style = STYLES[index];
      var base = config.agency_server + style[0];
      request("GET", base + "empty" + style[1] + "?cors&r=" + Math.random(), null, 3000, function (ok) {
        if (ok) {
          endpoints = { empty: base + "empty" + style[1], garbage: base + "garbage" + style[1],
                        cors: true, target: "agency" };
          next();
        } else {
          index += 1;
          tryStyle();
        }
      });
    }
    tryStyle();
  }

  function ping(next) {
    var samples = [], count = 0;
    phase(texts.ping, 0);
    function one() {
      var sent = now();
      request("GET", url("empty"), null, 5000, function (ok) {
        if (!ok) { next(null, null); return; }
        if (count > 0) { samples.push(now() - sent); }  /* the first one opens the connection */
        count += 1;
        phase(texts.ping, count / 11);
        if (count < 11) { one(); return; }
        var fastest = Math.min.apply(Math, samples), jitter = null;
        for (var i = 1; i < samples.length; i += 1) {
          var instant = Math.abs(samples[i] - samples[i - 1]);
          if (jitter === null) { jitter = instant; }
          else if (instant > jitter) { jitter = 0.3 * jitter + 0.7 * instant; }
          else { jitter = 0.8 * jitter + 0.2 * instant; }
        }
        next(fastest, jitter);
      });
    }
    one();
  }

  function uploadBody() {
    var block = new Uint8Array(MIB);
    for (var i = 0; i < block.length; i += 1) { block[i] = (i * 7919) & 255; }
    var parts = [];
    for (var j = 0; j < 20; j += 1) { parts.push(block); }
    return new Blob(parts);
  }

  /* One direction: parallel streams, counted after the grace time, for at most 10 s. */
  function transfer(download, next) {
    var streams = download ? 6 : 3, graceS = download ? 1.5 : 3, title = download ? texts.download : texts.upload;
    var loaded = [], requests = [], running = true, failed = 0, total = 0;
    var started = now(), graceAt = null, baseline = 0, bonus = 0, mbps = null;
    var body = download ? null : uploadBody();

    function open(index) {
      if (!running) { return; }
      var xhr = new XMLHttpRequest(), last = 0;
      function progress(event) {
        var delta = event.loaded - last;
        last = event.loaded;
        if (delta > 0) { total += delta; }
      }
      function again() { last = 0; if (running) { window.setTimeout(function () { open(index); }, 0); } }
      if (download) { xhr.onprogress = progress; } else { xhr.upload.onprogress = progress; }
      xhr.onload = again;
      xhr.onerror = function () { failed += 1; again(); };
      if (download) {
        xhr.open("GET", url("garbage", "ckSize=25"), true);
        xhr.responseType = "arraybuffer";
        xhr.send();
      } else {
        xhr.open("POST", url("empty"), true);
        xhr.send(body);
      }
      requests[index] = xhr;
    }

    for (var i = 0; i < streams; i += 1) {
      loaded.push(0);
      (function (index) { window.setTimeout(function () { open(index); }, 300 * index / streams * 1.0); })(i);
    }

    var timer = window.setInterval(function () {
      var elapsed = (now() - started) / 1000;
      if (graceAt === null) {
        if (elapsed >= graceS && total > 0) { graceAt = elapsed; baseline = total; }
      } else {
        var rate = (total - baseline) / Math.max(elapsed - graceAt, 0.001);  /* bytes a second */
        mbps = rate * 8 * OVERHEAD / 1e6;
        bonus += Math.min(0.4, 5 * rate / 100000 / 1000) * (TICK_MS / 200);
      }
      phase(title, Math.min(1, (elapsed + bonus) / DURATION_S), mbps === null ? "" : format(mbps, 1) + " " + texts.mbps);
      if (elapsed + bonus >= DURATION_S || failed > streams * 3) {
        running = false;
        window.clearInterval(timer);
        for (var k = 0; k < requests.length; k += 1) { if (requests[k]) { requests[k].abort(); } }
        next(failed > streams * 3 && mbps === null ? null : mbps);
      }
    }, TICK_MS);
  }

  function format(value, digits) {
    var text = value.toFixed(digits);
    return config.locale === "es" ? text.replace(".", ",") : text;
  }

  function round(value, digits) {
    return value === null ? null : Math.round(value * Math.pow(10, digits)) / Math.pow(10, digits);
  }

  function browserFacts(report) {
    report.user_agent = String(navigator.userAgent || "").slice(0, 400);
    if (window.screen && screen.width && screen.height) {
      report.screen_width = Math.round(screen.width);
      report.screen_height = Math.round(screen.height);
    }
    if (window.devicePixelRatio) { report.pixel_ratio = round(window.devicePixelRatio, 2); }
    var connection = navigator.connection;
    var types = ["bluetooth", "cellular", "ethernet", "none", "wifi", "wimax", "other", "unknown"];
    if (connection && types.indexOf(connection.type) >= 0) { report.connection_type = connection.type; }
    if (connection && ["slow-2g", "2g", "3g", "4g"].indexOf(connection.effectiveType) >= 0) {
      report.effective_type = connection.effectiveType;
    }
    return report;
  }

  function finish(title, text, figures) {
    show("intro", false);
    show("running", false);
    var list = byId("figures");
    list.innerHTML = "";
    for (var i = 0; i < (figures || []).length; i += 1) {
      var row = document.createElement("div"), term = document.createElement("dt"), value = document.createElement("dd");
      term.textContent = figures[i][0];
      value.textContent = figures[i][1];
      row.appendChild(term);
      row.appendChild(value);
      list.appendChild(row);
    }
    byId("finished-title").textContent = title;
    byId("finished-text").textContent = text;
    show("finished", true);
    byId("finished-title").focus();
    say(title + " " + text);
  }

  function send(report, figures) {
    phase(texts.sending, 1);
    var xhr = new XMLHttpRequest();
    xhr.onload = function () {
      if (xhr.status === 200) { finish(report.declined ? texts.declined_title : texts.done_title,
                                       report.declined ? texts.declined : texts.done, figures); }
      else { finish(texts.error_title, texts.error_send, figures); }
    };
    xhr.onerror = function () { finish(texts.error_title, texts.error_send, figures); };
    xhr.open("POST", "report", true);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.send(JSON.stringify(report));
  }

  function run() {
    show("intro", false);
    show("running", true);
    startedAt = now();
    say(texts.testing);
    chooseServer(function () {
      ping(function (rtt, jitter) {
        if (rtt === null) { finish(texts.error_title, texts.error_reach); return; }
        transfer(true, function (download) {
          transfer(false, function (upload) {
            var report = browserFacts({
              target: endpoints.target,
              rtt_ms: round(rtt, 1),
              jitter_ms: round(jitter, 1),
              download_mbps: round(download, 2),
              upload_mbps: round(upload, 2),
              duration_s: round((now() - startedAt) / 1000, 1),
              failed: download === null ? "download" : upload === null ? "upload" : ""
            });
            var figures = [
              [texts.download_label, download === null ? "–" : format(download, 1) + " " + texts.mbps],
              [texts.upload_label, upload === null ? "–" : format(upload, 1) + " " + texts.mbps],
              [texts.rtt_label, format(rtt, 0) + " " + texts.ms],
              [texts.jitter_label, format(jitter, 0) + " " + texts.ms]
            ];
            send(report, figures);
          });
        });
      });
    });
  }

  byId("start").onclick = run;
  byId("decline").onclick = function () { send(browserFacts({ declined: true }), []); };
})();
