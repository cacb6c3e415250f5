// Small DOM helpers the Blazor components call, and the keyboard shortcuts (no framework, no
// globals but `crashdesk`).
window.crashdesk = {
    // Scrolls a kernel log panel so that its visibleIndex-th line is centred. A virtualised log
    // (lineHeight > 0) only has the lines in view in the page: scroll by arithmetic, then the
    // line exists. markId: the element to flash once it is there.
    scrollLogTo(panel, visibleIndex, lineHeight, markId) {
        if (!panel) {
            return;
        }
        if (lineHeight > 0) {
            panel.scrollTop = Math.max(0, visibleIndex * lineHeight - panel.clientHeight / 2);
        } else {
            const line = (markId && document.getElementById(markId)) || panel.children[visibleIndex];
            if (line) {
                panel.scrollTop = Math.max(0, line.offsetTop - panel.clientHeight / 2);
            }
        }
        if (markId) {
            crashdesk.flash(markId, 20);
        }
    },

    // Marks an element for a moment (retrying while a virtualised list renders it).
    flash(id, retries) {
        const element = document.getElementById(id);
        if (!element) {
            if (retries > 0) {
                setTimeout(() => crashdesk.flash(id, retries - 1), 50);
            }
            return;
        }
        element.classList.add("cd-target");
        setTimeout(() => element.classList.remove("cd-target"), 2500);
    },

    // Scrolls an element into view (centred) and flashes it.
    reveal(id) {
        const element = document.getElementById(id);
        if (element) {
            element.scrollIntoView({ block: "center" });
            crashdesk.flash(id, 0);
        }
    },

    // The case page registers itself: fragment changes (#log-L12, #bt-1234-3, #task-1234, #notes,
    // also set by the g-keys) and the "+ note" buttons of the report panels go to it. The fragment
    // the page opened with the page reads itself (NavigationManager knows the whole URL).
    attachCasePage(page) {
        crashdesk._casePage = page;
        const navigate = () => page.invokeMethodAsync("NavigateAsync", location.hash || "");
        window.removeEventListener("hashchange", crashdesk._onHash || (() => {}));
        crashdesk._onHash = navigate;
        window.addEventListener("hashchange", navigate);
    },

    detachCasePage() {
        window.removeEventListener("hashchange", crashdesk._onHash || (() => {}));
        crashdesk._casePage = null;
    },

    focus(selector) {
        const element = document.querySelector(selector);
        if (element) {
            element.focus();
        }
    },

    // The console tab's input line behaves as crash's readline: Enter runs the line, Up/Down walk
    // this person's history, Tab completes the last word (the server knows the commands, symbols and
    // types), Ctrl-C stops the running command (Ctrl-C with text selected still copies it).
    attachConsole(input, panel, history) {
        if (!input) {
            return;
        }
        crashdesk.detachConsole(input);
        const state = { history: [...history], index: history.length, draft: "" };
        input._console = state;
        state.onKey = async e => {
            if (e.key === "Enter") {
                e.preventDefault();
                const line = input.value;
                if (input.dataset.running === "true" || line.trim() === "") {
                    return;
                }
                input.value = "";
                await panel.invokeMethodAsync("RunAsync", line);
            } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
                e.preventDefault();
                if (state.index === state.history.length) {
                    state.draft = input.value;
                }
                state.index = Math.max(0, Math.min(state.history.length, state.index + (e.key === "ArrowUp" ? -1 : 1)));
                input.value = state.index === state.history.length ? state.draft : state.history[state.index];
                input.setSelectionRange(input.value.length, input.value.length);
            } else if (e.key === "Tab") {
                e.preventDefault();
                const line = input.value;
                const completed = await panel.invokeMethodAsync("CompleteAsync", line);
                // The person may have typed on while the server answered: keep what they typed.
                if (input.value === line) {
                    input.value = completed;
                }
            } else if (e.ctrlKey && (e.key === "c" || e.key === "C") && !window.getSelection()?.toString()) {
                e.preventDefault();
                await panel.invokeMethodAsync("CancelAsync");
            }
        };
        input.addEventListener("keydown", state.onKey);
        input.focus();
    },

    detachConsole(input) {
        if (input && input._console) {
            input.removeEventListener("keydown", input._console.onKey);
            input._console = null;
        }
    },

    // A line run by Enter or by a click on a link joins the history Up walks (repeats kept once).
    rememberConsoleLine(input, line) {
        const state = input && input._console;
        if (!state) {
            return;
        }
        if (state.history[state.history.length - 1] !== line) {
            state.history.push(line);
        }
        state.index = state.history.length;
        state.draft = "";
    },

    scrollToEnd(element) {
        if (element) {
            element.scrollTop = element.scrollHeight;
        }
    },

    // The case list remembers its rows so that j/k on a case page go to the next/previous case.
    rememberList() {
        const rows = [...document.querySelectorAll("[data-testid=case-row]")];
        if (rows.length > 0) {
            sessionStorage.setItem("crashdesk.list", JSON.stringify(rows.map(r => r.dataset.caseId)));
        }
    },
};

// A link to a fragment of this page (a note marker: href="#note-for-…"): the document's base is
// "/", so the browser would resolve it against "/" and leave the page. Show the element instead.
document.addEventListener("click", e => {
    const link = e.target.closest && e.target.closest("a[href^='#']");
    if (!link) {
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    crashdesk.reveal(link.getAttribute("href").slice(1));
}, true);

// "+" on a log line, frame or task: ask the case page to anchor a new note there.
document.addEventListener("click", e => {
    const add = e.target.closest && e.target.closest(".cd-line-note");
    if (!add || !crashdesk._casePage) {
        return;
    }
    const panel = add.closest("[data-anchor-kind]");
    if (panel) {
        e.preventDefault();
        crashdesk._casePage.invokeMethodAsync("AnchorNoteAsync", panel.dataset.anchorKind, add.dataset.position);
    }
});

// Keyboard: / search, j/k next/previous case, Enter open (list), g l / g b / g t / g k / g c tabs, n new note.
(() => {
    let pendingG = false;
    const listRows = () => [...document.querySelectorAll("[data-testid=case-row]")];
    document.addEventListener("keydown", e => {
        const target = e.target;
        if (e.ctrlKey || e.metaKey || e.altKey || (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName)))) {
            return;
        }
        const key = e.key;
        if (pendingG) {
            pendingG = false;
            const tab = { l: "log", b: "backtraces", t: "tasks", k: "locks", o: "overview", c: "console" }[key];
            if (tab && crashdesk._casePage) {
                e.preventDefault();
                location.hash = "#" + tab;
            }
            return;
        }
        if (key === "g") {
            pendingG = true;
            return;
        }
        if (key === "/") {
            const search = [...document.querySelectorAll("[data-shortcut='/']")].find(el => el.offsetParent !== null);
            if (search) {
                e.preventDefault();
                search.focus();
            }
            return;
        }
        const noteBody = document.querySelector("[data-testid=note-body]");
        if (key === "n" && noteBody) {
            e.preventDefault();
            noteBody.scrollIntoView({ block: "center" });
            noteBody.focus();
            return;
        }
        const rows = listRows();
        if (rows.length > 0 && (key === "j" || key === "k" || key === "Enter")) {
            let index = rows.findIndex(r => r.classList.contains("table-active"));
            if (key === "Enter") {
                if (index >= 0) {
                    rows[index].querySelector("a").click();
                }
                return;
            }
            index = key === "j" ? Math.min(rows.length - 1, index + 1) : Math.max(0, index - 1);
            rows.forEach(r => r.classList.remove("table-active"));
            rows[index].classList.add("table-active");
            rows[index].scrollIntoView({ block: "nearest" });
            return;
        }
        if ((key === "j" || key === "k") && crashdesk._casePage) {
            const ids = JSON.parse(sessionStorage.getItem("crashdesk.list") || "[]");
            const here = location.pathname.split("/").pop();
            const index = ids.indexOf(here);
            const next = index < 0 ? -1 : index + (key === "j" ? 1 : -1);
            if (next >= 0 && next < ids.length) {
                location.href = "/cases/" + ids[next];
            }
        }
    });
    // The list page is server-rendered: remember its rows whenever it is shown.
    const remember = () => crashdesk.rememberList();
    document.addEventListener("DOMContentLoaded", remember);
    if (window.Blazor) {
        window.Blazor.addEventListener?.("enhancedload", remember);
    } else {
        document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", remember));
    }
})();
