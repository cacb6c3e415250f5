// Small DOM helpers the Blazor components call (no framework, no globals but `crashdesk`).
window.crashdesk = {
    // Scrolls a kernel log panel to its first panic line (centred), its end, or its top.
    scrollLog(panel, where) {
        if (!panel) {
            return;
        }
        if (where === "end") {
            panel.scrollTop = panel.scrollHeight;
        } else if (where === "panic") {
            const line = panel.querySelector(".cd-log-panic");
            panel.scrollTop = line ? Math.max(0, line.offsetTop - panel.clientHeight / 2) : panel.scrollHeight;
        } else {
            panel.scrollTop = 0;
        }
    },
};
