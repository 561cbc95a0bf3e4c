// Installed in the page before the app's own scripts (Playwright's addInitScript), as plain browser
// JavaScript: the bench's clocks inside the page. Every time is the page's performance.now().
// A "painted frame" ends when a task posted from its requestAnimationFrame callback runs: the
// browser has then done that frame's style, layout and paint.
(() => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const nextTask = () =>
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  /** Resolves just after the next frame is painted. */
  const painted = async () => {
    await frame();
    await nextTask();
  };
  const valueSetter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;

  /** The first screen is interactive: its list of tenants (or its empty state) is on a painted frame. */
  const firstScreen = new Promise((resolve) => {
    const ready = () =>
      document.querySelector('table[aria-label="Tenants"] tbody tr') || document.querySelector('section[aria-label="No tenants yet"]');
    const observer = new MutationObserver(() => {
      if (!ready()) return;
      observer.disconnect();
      const rows = () => document.querySelectorAll('table[aria-label="Tenants"] tbody tr').length;
      void painted().then(() => resolve({ interactive: performance.now(), rows: rows() }));
    });
    observer.observe(document, { childList: true, subtree: true });
  });

  window.__bench = {
    firstScreen: () => firstScreen,

    /** A plain input outside React, in the same page: the baseline a keystroke is compared with. */
    bareInput() {
      let input = document.getElementById('bench-bare-input');
      if (!input) {
        input = document.createElement('input');
        input.id = 'bench-bare-input';
        input.setAttribute('aria-label', 'Bench baseline input');
        input.style.position = 'fixed';
        input.style.right = '8px';
        input.style.bottom = '32px';
        input.style.zIndex = '1000';
        document.body.append(input);
      }
      return '#bench-bare-input';
    },

    /**
     * One keystroke, as the browser delivers a typed key to an input (its value set, an `input`
     * event), made just after a frame is painted; answers the time to the end of the next painted
     * frame. A keystroke whose work fits in the frame answers about one frame, whatever the input.
     */
    async keystroke(selector, value) {
      const input = document.querySelector(selector);
      if (!input) throw new Error(`no ${selector} in the page`);
      await painted();
      const start = performance.now();
      valueSetter.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await painted();
      return performance.now() - start;
    },

    /** Frame intervals (requestAnimationFrame deltas) of `count` frames with nothing happening. */
    async idleFrames(count) {
      await painted();
      const deltas = [];
      let last = await frame();
      while (deltas.length < count) {
        const now = await frame();
        deltas.push(now - last);
        last = now;
      }
      return deltas;
    },

    /** Scrolls the element from top to bottom, `pixels` a frame; answers every frame interval on the way. */
    async scrollThrough(selector, pixels) {
      const element = document.querySelector(selector);
      if (!element) throw new Error(`no ${selector} in the page`);
      element.scrollTop = 0;
      await painted();
      const deltas = [];
      let last = await frame();
      for (;;) {
        if (element.scrollTop + element.clientHeight >= element.scrollHeight - 1) break;
        element.scrollTop += pixels;
        const now = await frame();
        deltas.push(now - last);
        last = now;
      }
      return { deltas, height: element.scrollHeight, rowsInPage: element.querySelectorAll('[role="row"]').length };
    },
  };
})();
