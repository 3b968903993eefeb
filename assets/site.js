// Small enhancements of the archive's pages. Nothing here is needed to
// read or navigate: without scripts every link still works, the ¶ links
// included.
(function () {
  "use strict";

  // How a cable's page holds its text: the contract of package render
  // (contract.go), which reads pages back the same way.
  var contract = {
    cable: "article.cable",
    text: "section.text",
    block: "div",
    pre: "pre",
    id: "data-id"
  };

  var cable = document.querySelector(contract.cable);

  // Framed by the search page, a cable's page sends it the text that the
  // search index leaves to the pages: the blocks of its text section, each
  // as [anchor, text] ("" for the lines before the first paragraph).
  if (cable && window.parent !== window) {
    var blocks = [];
    cable.querySelectorAll(":scope > " + contract.text + " > " + contract.block).forEach(function (p) {
      var pre = p.querySelector(":scope > " + contract.pre);
      if (pre) { blocks.push([p.id, pre.textContent]); }
    });
    window.parent.postMessage({ cablesite: "text", id: cable.getAttribute(contract.id), b: blocks }, "*");
    return;
  }

  // copy puts text on the clipboard and calls done(ok). From disk, or when
  // the browser refuses the Clipboard API, it copies a selected textarea.
  function copy(text, done) {
    function fallback() {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "offscreen";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      done(ok);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
      return;
    }
    fallback();
  }

  // Buttons that copy the text of the element before them (the hashtags).
  document.querySelectorAll("button[hidden][data-copy]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var was = b.textContent;
      copy(b.previousElementSibling.textContent, function (ok) {
        b.textContent = ok ? "Copied" : "Copy failed";
        setTimeout(function () { b.textContent = was; }, 1500);
      });
    });
  });

  if (!cable) { return; }
  var id = cable.getAttribute(contract.id);
  var hashtags = "#cablegate #" + id;

  // pageURL is the address a post gives: this page's own when it is on
  // the web, else the address the site was built for (its canonical link),
  // else none: a post from a page read from disk then gives the ID, the
  // paragraph and the hashtags, which find the cable on any mirror.
  var canonical = document.querySelector('link[rel="canonical"]');
  var pageURL = /^https?:$/.test(location.protocol) ? location.href.replace(/#.*$/, "") :
    canonical ? canonical.href : "";

  // On the web, the cable's own share links (built for disk) get the
  // page's address in their posts.
  if (pageURL && !canonical) {
    cable.querySelectorAll(".share-cable a").forEach(function (a) {
      var h = a.getAttribute("href"), at = h.indexOf("text=");
      if (at < 0) { return; }
      var post = decodeURIComponent(h.slice(at + 5));
      var k = post.lastIndexOf(" " + hashtags);
      if (k < 0) { return; }
      a.href = h.slice(0, at + 5) + encodeURIComponent(post.slice(0, k) + " " + pageURL + post.slice(k));
    });
  }

  // The share menu: one in the page, for a paragraph or a quote.
  var menu = document.getElementById("share-menu");
  var what = document.getElementById("share-what");
  var done = menu && menu.querySelector("[role=status]");
  var form = menu && menu.querySelector("form");
  var button = document.getElementById("share-button");
  var quoteButton = document.getElementById("share-quote");
  if (!menu || !button) { return; }
  var opener = null;  // the control that opened the menu, which gets the focus back
  var shared = null;  // {label, url, post}

  // Post limits of the networks, in characters; a link counts as 23 on X
  // and Mastodon.
  var limits = { x: 280, bluesky: 300, mastodon: 500 };

  // postFor returns the text of a post about what is shared, for a network
  // whose limit is max: the quote cut at a word to fit, then what it is,
  // the address and the hashtags.
  function postFor(s, max) {
    var tail = s.label + (s.url ? " " + s.url : "") + " " + hashtags;
    var len = tail.length - (s.url ? s.url.length - 23 : 0);
    if (!s.quote) { return tail; }
    var room = max - len - 4;
    var q = s.quote;
    if (q.length > room) {
      q = q.slice(0, Math.max(room - 1, 0));
      var sp = q.lastIndexOf(" ");
      if (sp > room / 2) { q = q.slice(0, sp); }
      q += "…";
    }
    return "“" + q + "” " + tail;
  }

  function networkURL(net, post) {
    var t = encodeURIComponent(post);
    if (net === "x") { return "https://twitter.com/intent/tweet?text=" + t; }
    if (net === "bluesky") { return "https://bsky.app/intent/compose?text=" + t; }
    return "https://" + net + "/share?text=" + t;
  }

  function say(text) { if (done) { done.textContent = text; } }

  function openMenu(s, from) {
    shared = s;
    opener = from;
    what.textContent = s.quote ? "Share this quote of " + s.label : "Share " + s.label;
    menu.setAttribute("aria-label", what.textContent);
    menu.querySelector('[data-do="x"]').href = networkURL("x", postFor(s, limits.x));
    menu.querySelector('[data-do="bluesky"]').href = networkURL("bluesky", postFor(s, limits.bluesky));
    menu.querySelector('[data-do="system"]').hidden = !navigator.share;
    menu.querySelector('[data-do="copy"]').textContent = s.url ? "Copy the link" : "Copy the reference";
    form.hidden = true;
    say("");
    menu.hidden = false;
    place(from);
    if (from.getAttribute) { from.setAttribute("aria-expanded", "true"); }
    menu.querySelector("button, a").focus();
  }

  // place puts the menu below the control that opened it, within the
  // window.
  function place(from) {
    var r = from.getBoundingClientRect();
    var w = menu.offsetWidth;
    var left = Math.min(Math.max(8, r.left + window.scrollX), window.scrollX + document.documentElement.clientWidth - w - 8);
    menu.style.left = left + "px";
    menu.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function closeMenu(refocus) {
    if (menu.hidden) { return; }
    menu.hidden = true;
    if (opener && opener.setAttribute) { opener.setAttribute("aria-expanded", "false"); }
    if (refocus && opener && opener.focus) { opener.focus(); }
    opener = null;
  }

  // What is shared of paragraph p: its label ("10BEIJING326 ¶3"), its
  // address, and the quote, if any.
  function paragraph(p, quote) {
    var label = p.getAttribute("data-label") || p.id;
    var s = { label: id + " ¶" + label, url: "", quote: quote || "" };
    if (pageURL) {
      s.url = pageURL + "#" + p.id;
      if (quote) { s.url += ":~:text=" + textDirective(quote); }
    }
    return s;
  }

  // textDirective is the text fragment of a quote: the quote, or its first
  // and last words when it is long.
  function textDirective(q) {
    var enc = function (s) { return encodeURIComponent(s).replace(/-/g, "%2D").replace(/,/g, "%2C").replace(/&/g, "%26"); };
    var words = q.split(" ");
    if (q.length <= 80 || words.length < 10) { return enc(q); }
    return enc(words.slice(0, 5).join(" ")) + "," + enc(words.slice(-5).join(" "));
  }

  // A share button on each paragraph, after its ¶ link.
  cable.querySelectorAll(contract.text + " > " + contract.block + "[id]").forEach(function (p) {
    var pn = p.querySelector(":scope > a");
    var label = pn ? (pn.getAttribute("aria-label") || "").replace(/^Paragraph /, "") : p.id;
    p.setAttribute("data-label", label);
    var b = button.content.firstElementChild.cloneNode(true);
    b.setAttribute("aria-label", "Share paragraph " + label);
    b.addEventListener("click", function () {
      if (!menu.hidden && opener === b) { closeMenu(true); return; }
      openMenu(paragraph(p), b);
    });
    if (pn) { pn.after(b); } else { p.prepend(b); }
  });

  menu.addEventListener("click", function (ev) {
    var item = ev.target.closest("[data-do]");
    if (!item || !shared) { return; }
    var act = item.getAttribute("data-do");
    if (act === "copy") {
      ev.preventDefault();
      copy(shared.url || shared.label + " " + hashtags, function (ok) { say(ok ? "Copied." : "Could not copy: select the address bar and copy it."); });
    } else if (act === "hashtags") {
      ev.preventDefault();
      copy(hashtags, function (ok) { say(ok ? "Copied." : "Could not copy."); });
    } else if (act === "mastodon") {
      ev.preventDefault();
      var server = localStorage.getItem("cablesite.mastodon");
      if (server) {
        window.open(networkURL(server, postFor(shared, limits.mastodon)), "_blank", "noopener");
        closeMenu(true);
      } else {
        form.hidden = false;
        form.querySelector("input").focus();
      }
    } else if (act === "system") {
      ev.preventDefault();
      navigator.share({ title: shared.label, text: postFor(shared, limits.mastodon), url: shared.url || undefined })
        .catch(function () {});
    } else {
      closeMenu(false);
    }
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var server = form.querySelector("input").value.trim().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(server)) { say("Name a server such as mastodon.social."); return; }
    localStorage.setItem("cablesite.mastodon", server);
    window.open(networkURL(server, postFor(shared, limits.mastodon)), "_blank", "noopener");
    closeMenu(true);
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !menu.hidden) {
      ev.preventDefault();
      closeMenu(true);
    }
  });
  document.addEventListener("mousedown", function (ev) {
    if (!menu.hidden && !menu.contains(ev.target) && ev.target !== opener) { closeMenu(false); }
  });
  menu.addEventListener("focusout", function (ev) {
    if (!menu.hidden && ev.relatedTarget && !menu.contains(ev.relatedTarget) && ev.relatedTarget !== opener) { closeMenu(false); }
  });

  // A selection of text inside one paragraph offers to share it as a
  // quote, with a link that highlights it.
  var quoted = null;
  function selected() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { return null; }
    var r = sel.getRangeAt(0);
    var node = r.commonAncestorContainer;
    var el = node.nodeType === 1 ? node : node.parentElement;
    var pre = el && el.closest(contract.pre);
    var p = pre && pre.parentElement;
    if (!p || !p.matches(contract.block + "[id]") || !cable.contains(p)) { return null; }
    var text = sel.toString().replace(/\s+/g, " ").trim();
    return text.length >= 3 ? { p: p, text: text, rect: r.getBoundingClientRect() } : null;
  }
  function offerQuote() {
    quoted = selected();
    if (!quoted) { quoteButton.hidden = true; return; }
    quoteButton.hidden = false;
    quoteButton.style.left = Math.max(8, quoted.rect.left + window.scrollX) + "px";
    quoteButton.style.top = (quoted.rect.bottom + window.scrollY + 6) + "px";
  }
  if (quoteButton) {
    document.addEventListener("mouseup", function () { setTimeout(offerQuote, 0); });
    document.addEventListener("keyup", function (ev) { if (ev.shiftKey || ev.key === "Shift") { offerQuote(); } });
    document.addEventListener("touchend", function () { setTimeout(offerQuote, 300); });
    quoteButton.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    quoteButton.addEventListener("click", function () {
      if (!quoted) { return; }
      quoteButton.hidden = true;
      openMenu(paragraph(quoted.p, quoted.text), quoteButton);
    });
  }
})();
