// Small enhancements of the archive's pages. Nothing here is needed to
// read or navigate: without scripts every link still works.
(function () {
  "use strict";

  // Framed by the search page, a cable's page sends it the text that the
  // search index leaves to the pages: the blocks of its text section, each
  // as [anchor, text] ("" for the lines before the first paragraph), as
  // package render reads them back (CableText).
  var cable = window.parent !== window && document.querySelector("article.cable");
  if (cable) {
    var blocks = [];
    cable.querySelectorAll(":scope > section.text > div.para").forEach(function (p) {
      var pre = p.querySelector(":scope > pre");
      if (pre) { blocks.push([p.id, pre.textContent]); }
    });
    window.parent.postMessage({ cablesite: "text", id: cable.getAttribute("data-id"), b: blocks }, "*");
  }

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

  // A copy link copies the absolute address of its href; other elements
  // with data-copy copy that text.
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("a.copy, [data-copy]") : null;
    if (!el) { return; }
    ev.preventDefault();
    copy(el, el.classList.contains("copy") ? absolute(el.getAttribute("href")) : el.getAttribute("data-copy"));
  });

  // Share links: each holds its post, "label address hashtags", after
  // "text=". A site built without its address (no -base-url) puts the
  // relative address of the page in the post; served over http(s), the page
  // knows its absolute address, and the posts carry that instead.
  var https = /^https?:$/.test(location.protocol);
  var shares = document.querySelectorAll(".share");
  for (var s = 0; s < shares.length; s++) {
    var self = shares[s].querySelector("a.copy");
    var rel = self ? self.getAttribute("href") : "";
    var abs = rel && https && !/^[a-z]+:/i.test(rel) ? absolute(rel) : "";
    var links = shares[s].querySelectorAll("a:not(.copy)");
    for (var l = 0; l < links.length; l++) {
      var a = links[l];
      a.target = "_blank";
      a.rel = "noopener";
      var h = a.getAttribute("href"), at = h.indexOf("text=");
      if (!abs || at < 0) { continue; }
      var post = decodeURIComponent(h.slice(at + 5));
      var k = post.lastIndexOf(" " + rel + " ");
      if (k < 0) { continue; }
      post = post.slice(0, k + 1) + abs + post.slice(k + 1 + rel.length);
      a.href = h.slice(0, at + 5) + encodeURIComponent(post);
    }
  }

  // Buttons that only work with a script are hidden until it runs.
  var buttons = document.querySelectorAll("button[hidden][data-copy]");
  for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = false; }
})();
