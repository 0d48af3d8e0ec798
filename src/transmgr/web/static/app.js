// Keyboard shortcuts and checks as you type, for the review page. No framework, no external file.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.isContentEditable);
  }
  function click(id) { var el = document.getElementById(id); if (el && !el.disabled) { el.click(); return true; } return false; }
  function focus(id) { var el = document.getElementById(id); if (el) { el.focus(); return true; } return false; }
  function follow(id) { var el = document.getElementById(id); if (el) { window.location.href = el.href; return true; } return false; }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.id === "text") {
      event.preventDefault(); click("save"); return;
    }
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var handled = false;
    switch (event.key) {
      case "a": handled = click("accept"); break;
      case "e": handled = focus("text"); break;
      case "r": handled = focus("reject-note"); break;
      case "c": handled = focus("comment"); break;
      case "u": handled = click("undo"); break;
      case "j": case "n": handled = follow("next"); break;
      case "k": case "p": handled = follow("prev"); break;
      case "?": var help = document.getElementById("help"); if (help && help.showModal) { help.showModal(); handled = true; } break;
    }
    if (handled) { event.preventDefault(); }
  });
  var text = document.getElementById("text");
  var live = document.getElementById("live-findings");
  if (text && live && window.fetch) {
    var csrf = document.querySelector("input[name=csrf]").value;
    var timer = null;
    text.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        fetch(text.dataset.check, {method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
          body: JSON.stringify({text: text.value})})
          .then(function (r) { return r.ok ? r.json() : {findings: []}; })
          .then(function (data) {
            live.textContent = "";
            (data.findings || []).forEach(function (f) {
              var p = document.createElement("p");
              p.textContent = f.severity + " " + f.check + ": " + f.message;
              live.appendChild(p);
            });
          })
          .catch(function () { /* checks run again on save */ });
      }, 400);
    });
  }
}());
