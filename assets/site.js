// Small enhancements of the archive's pages. Nothing here is needed to
// read or navigate: without scripts every link still works.
(function () {
  "use strict";

  // copy puts text on the clipboard and says so on the element.
  function copy(el, text) {
    function done(ok) {
      var was = el.textContent;
      el.textContent = ok ? "copied" : "copy failed";
      setTimeout(function () { el.textContent = was; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "absolute";
    ta.style.left = "-9999px";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    done(ok);
  }

  // absolute turns a link of the page into the URL to share: the
  // canonical one when the site knows its address, else this page's own.
  function absolute(href) {
    try { return new URL(href, document.baseURI).href; } catch (e) { return href; }
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-copy]") : null;
    if (!el) { return; }
    ev.preventDefault();
    var text = el.getAttribute("data-copy");
    if (el.classList.contains("copy")) { text = absolute(text); }
    copy(el, text);
  });

  // A site built without its address (no -base-url) shares relative links.
  // Served over http(s), the page knows its address: the share links then
  // carry the absolute one.
  var compose = {
    x: "https://twitter.com/intent/tweet?text=",
    mastodon: "https://share.joinmastodon.org/#text=",
    bluesky: "https://bsky.app/intent/compose?text="
  };
  if (/^https?:$/.test(location.protocol)) {
    var shares = document.querySelectorAll(".share[data-url]");
    for (var s = 0; s < shares.length; s++) {
      var sh = shares[s];
      var url = sh.getAttribute("data-url");
      if (/^[a-z]+:/i.test(url)) { continue; }
      url = absolute(url);
      var text = encodeURIComponent(sh.getAttribute("data-label") + " " + url + " " + sh.getAttribute("data-tags"));
      var links = sh.querySelectorAll("a[data-net]");
      for (var l = 0; l < links.length; l++) {
        links[l].href = compose[links[l].getAttribute("data-net")] + text;
      }
    }
  }

  // Buttons that only work with a script are hidden until it runs.
  var buttons = document.querySelectorAll("button[hidden][data-copy]");
  for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
})();
