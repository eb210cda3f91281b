"""JavaScript probes shared by the lobby-screen browser tests (tests/test_screens_*.py).

COVERAGE measures how much of the area between header and footer a slide uses: the area
is cut into a grid, and a cell counts when a line of text, an image or a boxed element
(one with a background or a full border) touches it. BAND, on the same grid, is the
tallest band of rows that nothing touches, as a share of the slide's height.
"""

# The grid of the slide on screen: `cols` columns, rows in proportion; a cell is 1 when
# something touches it.
_HITS = """
(cols) => {
  const stage = document.getElementById('stage').getBoundingClientRect();
  const slide = document.querySelector('.slide.is-current');
  const rows = Math.max(1, Math.round(cols * stage.height / stage.width));
  const cw = stage.width / cols, ch = stage.height / rows;
  const hit = new Uint8Array(cols * rows);
  const mark = (r) => {
    if (r.width < 1 || r.height < 1) return;
    const x0 = Math.max(0, Math.floor((r.left - stage.left) / cw)), x1 = Math.min(cols - 1, Math.ceil((r.right - stage.left) / cw) - 1);
    const y0 = Math.max(0, Math.floor((r.top - stage.top) / ch)), y1 = Math.min(rows - 1, Math.ceil((r.bottom - stage.top) / ch) - 1);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) hit[y * cols + x] = 1;
  };
  const visible = (el) => { const cs = getComputedStyle(el); return cs.display !== 'none' && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0; };
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.nodeValue.trim() || !visible(t.parentElement)) continue;
    const range = document.createRange(); range.selectNodeContents(t);
    for (const r of range.getClientRects()) mark(r);
  }
  for (const el of slide.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const cs = getComputedStyle(el);
    const bg = cs.backgroundImage !== 'none' || !/rgba\\(0, 0, 0, 0\\)|transparent/.test(cs.backgroundColor);
    const border = ['Top', 'Right', 'Bottom', 'Left'].every(s => parseFloat(cs['border' + s + 'Width']) > 0 && cs['border' + s + 'Style'] !== 'none');
    if (el.tagName === 'IMG' ? el.complete && el.naturalWidth > 0 : (bg || border)) mark(el.getBoundingClientRect());
  }
  return {hit, cols, rows};
}
"""

COVERAGE = """
(cols) => {
  const {hit} = (%s)(cols);
  let n = 0; for (const v of hit) n += v;
  return n / hit.length;
}
""" % _HITS.strip()

BAND = """
(cols) => {
  const {hit, rows} = (%s)(cols);
  let best = 0, run = 0;
  for (let y = 0; y < rows; y++) {
    run = hit.subarray(y * cols, (y + 1) * cols).some(v => v) ? 0 : run + 1;
    best = Math.max(best, run);
  }
  return best / rows;
}
""" % _HITS.strip()

# Records, frame by frame after a slide change, the effective opacity (the product of the
# computed opacity of the element and all its ancestors; 0 when hidden) of the text that
# only the old slide has, the text that only the new slide has, and the header.
TRANSITIONS = """
async ([changes, ms]) => {
  const api = window.sitegenScreen;
  api.pause();
  const eff = (el) => {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden') return 0;
      o *= parseFloat(cs.opacity);
    }
    return o;
  };
  const texts = (slide) => {
    const out = new Map();
    const w = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let t = w.nextNode(); t; t = w.nextNode()) {
      const s = t.nodeValue.trim();
      if (s) { if (!out.has(s)) out.set(s, []); out.get(s).push(t.parentElement); }
    }
    return out;
  };
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const slides = () => [...document.querySelectorAll('.slide')];
  const result = [];
  while (document.querySelector('.is-starting')) await frame();   // the first slide is up, without a fade
  await frame();
  for (let c = 0; c < changes; c++) {
    const old = document.querySelector('.slide.is-current');
    api.next();
    const cur = document.querySelector('.slide.is-current');
    const a = texts(old), b = texts(cur);
    const oldOnly = [...a].filter(([s]) => !b.has(s)).flatMap(([, els]) => els);
    const newOnly = [...b].filter(([s]) => !a.has(s)).flatMap(([, els]) => els);
    const header = [document.getElementById('where'), document.getElementById('clock')];
    const frames = [];
    const t0 = performance.now();
    const sample = () => frames.push({t: performance.now() - t0,
                   old: Math.max(0, ...oldOnly.map(eff)), new: Math.max(0, ...newOnly.map(eff)),
                   header: Math.min(...header.map(eff)), where: header[0].textContent});
    // the instant of the change itself, before any frame: on a loaded machine the next
    // frame came after the 0.45 s fade-out, and the change looked like a cut
    sample();
    while (performance.now() - t0 < ms) {
      await frame();
      sample();
    }
    result.push({from: slides().indexOf(old), to: slides().indexOf(cur),
                 oldWhere: old.getAttribute('data-where'), newWhere: cur.getAttribute('data-where'),
                 oldOnly: oldOnly.length, newOnly: newOnly.length, frames});
  }
  return result;
}
"""

# Positions, in the list a screen of this shape shows for cycle `group`, of the first slide
# of every kind (the county loop's distinct slide kinds, without stepping through all).
FIRST_OF_EACH_KIND = """
(group) => {
  const shape = innerHeight > innerWidth ? 'port' : 'land';
  const shown = [...document.querySelectorAll('.slide')].filter(s => {
    const o = s.getAttribute('data-orient') || '', g = s.getAttribute('data-group');
    return (o === '' || o === shape) && (g === null || +g === group);
  });
  const seen = {};
  shown.forEach((s, i) => { const k = s.className.match(/kind-(\\S+)/)[1]; if (!(k in seen)) seen[k] = i; });
  return seen;
}
"""

ZOOM = "() => { const f = document.querySelector('.slide.is-current .fit'); return f ? parseFloat(f.style.zoom || '1') : 1; }"
