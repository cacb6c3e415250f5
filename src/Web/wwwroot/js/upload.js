// The case page's uploader: files chosen or dropped go to the resumable upload sessions
// (tus 1.0.0 under /api/v1/cases/{id}/uploads, README "Resumable uploads"), in chunks, each file
// on its own. The browser streams every chunk from disk (File.slice); nothing is read into JS
// memory, nothing passes through the Blazor circuit. The session's URL is kept in localStorage
// under the file's fingerprint (case, name, size, last modification), so after a reload or a
// dropped connection the same file chosen again resumes at the offset the server holds (HEAD).
// Progress, speed and state go to the Blazor component (UploadPanel.OnUploadState) at most
// every 100 ms; it draws them.

const tusVersion = "1.0.0";
const progressIntervalMs = 100;
const speedWindowMs = 3000;
const minChunk = 1024 * 1024;
const maxChunk = 8 * 1024 * 1024;
// Waits between attempts after a network error or a 5xx: the connection gets time to come back.
const retryDelaysMs = [1000, 2000, 4000, 8000, 15000, 30000];
const keyPrefix = "crashdesk.upload:";

// One chunk per PATCH: about a sixteenth of the file (progress and resume granularity), 1–8 MiB.
const chunkSize = size => Math.max(minChunk, Math.min(maxChunk, Math.ceil(size / 16)));

const fingerprint = (caseUrl, file) => `${keyPrefix}${caseUrl}:${file.name}:${file.size}:${file.lastModified}`;

const b64 = text => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

// The panel's state: its files by fingerprint, the component to report to.
const panels = new WeakMap();

export function attach(zone, input, caseUrl, dotnet) {
    const panel = { caseUrl, dotnet, files: new Map() };
    panels.set(zone, panel);
    const add = list => {
        const chosen = [];
        for (const file of list) {
            const id = fingerprint(caseUrl, file);
            const known = panel.files.get(id);
            if (known && (known.status === "uploading" || known.status === "retrying")) {
                continue;
            }
            panel.files.set(id, { id, file, status: "chosen", sent: known ? known.sent : 0, paused: false, xhr: null, samples: [] });
            chosen.push({ id, name: file.name, size: file.size });
        }
        if (chosen.length > 0) {
            dotnet.invokeMethodAsync("OnFilesChosen", chosen).catch(() => { });
        }
    };
    input.addEventListener("change", () => {
        add([...input.files]);
        input.value = "";
    });
    zone.addEventListener("dragover", e => {
        e.preventDefault();
        zone.classList.add("cd-drop-over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("cd-drop-over"));
    zone.addEventListener("drop", e => {
        e.preventDefault();
        zone.classList.remove("cd-drop-over");
        add([...(e.dataTransfer?.files || [])]);
    });
    return interrupted(caseUrl);
}

// Uploads this case's browser started and did not finish (a reload, a closed tab): what the
// server holds of each, so that the panel can offer to resume. Sessions the server no longer
// knows (expired, failed, completed) are forgotten.
async function interrupted(caseUrl) {
    const found = [];
    for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (!key || !key.startsWith(`${keyPrefix}${caseUrl}:`)) {
            continue;
        }
        const saved = JSON.parse(localStorage.getItem(key) || "{}");
        const head = await headOffset(saved.url);
        if (head.offset === null || head.offset >= head.length) {
            localStorage.removeItem(key);
            continue;
        }
        found.push({ id: key, name: saved.name, size: head.length, offset: head.offset });
    }
    return found;
}

export function start(zone, ids, kind, antiforgeryToken) {
    const panel = panels.get(zone);
    if (!panel) {
        return;
    }
    for (const id of ids) {
        const entry = panel.files.get(id);
        if (entry && (entry.status === "chosen" || entry.status === "failed")) {
            entry.kind = kind;
            entry.token = antiforgeryToken;
            run(panel, entry);
        }
    }
}

export function pause(zone, id) {
    const entry = panels.get(zone)?.files.get(id);
    if (entry && (entry.status === "uploading" || entry.status === "retrying")) {
        entry.paused = true;
        entry.xhr?.abort();
    }
}

export function resume(zone, id) {
    const panel = panels.get(zone);
    const entry = panel?.files.get(id);
    if (entry && entry.status === "paused") {
        entry.paused = false;
        run(panel, entry);
    }
}

async function run(panel, entry) {
    const { file } = entry;
    entry.status = "uploading";
    entry.message = null;
    report(panel, entry, true);
    let url = JSON.parse(localStorage.getItem(entry.id) || "null")?.url;
    let offset = 0;
    if (url) {
        const head = await headOffset(url);
        if (head.offset === null) {
            localStorage.removeItem(entry.id);
            url = null;
        } else {
            offset = head.offset;
        }
    }
    if (!url) {
        const created = await send("POST", `${panel.caseUrl}/uploads`, entry.token, {
            "Upload-Length": String(file.size),
            "Upload-Metadata": `filename ${b64(file.name)},kind ${b64(entry.kind)}`,
        });
        if (created.status !== 201) {
            return fail(panel, entry, created);
        }
        url = created.location;
        localStorage.setItem(entry.id, JSON.stringify({ url, name: file.name }));
    }
    entry.sent = offset;
    const chunk = chunkSize(file.size);
    let attempt = 0;
    while (true) {
        if (entry.paused) {
            entry.status = "paused";
            return report(panel, entry, true);
        }
        const end = Math.min(file.size, offset + chunk);
        const answer = await patch(panel, entry, url, offset, file.slice(offset, end));
        if (answer.status === 204) {
            attempt = 0;
            offset = answer.offset;
            entry.sent = offset;
            entry.status = "uploading";
            if (offset >= file.size) {
                localStorage.removeItem(entry.id);
                entry.status = "done";
                entry.storedKind = answer.artifactKind || entry.kind;
                return report(panel, entry, true);
            }
            report(panel, entry, false);
            continue;
        }
        if (entry.paused) {
            continue;
        }
        if (answer.status === 409 && answer.offset !== null) {
            // Another tab or an earlier attempt moved the offset: carry on from the server's.
            offset = answer.offset;
            continue;
        }
        if (answer.status === 0 || answer.status >= 500 || answer.status === 423) {
            if (attempt >= retryDelaysMs.length) {
                return fail(panel, entry, answer);
            }
            entry.status = "retrying";
            entry.message = answer.status === 0 ? "connection lost" : `server answered ${answer.status}`;
            report(panel, entry, true);
            await new Promise(resolve => setTimeout(resolve, retryDelaysMs[attempt++]));
            const head = await headOffset(url);
            if (head.offset !== null) {
                offset = head.offset;
                entry.sent = offset;
            }
            continue;
        }
        // A refusal (not a dump, too large, quota, session failed): this upload is over.
        localStorage.removeItem(entry.id);
        return fail(panel, entry, answer);
    }
}

function fail(panel, entry, answer) {
    entry.status = "failed";
    entry.httpStatus = answer.status;
    entry.body = answer.body;
    report(panel, entry, true);
}

// Sends the chunk with XMLHttpRequest, which reports upload progress (fetch() does not).
function patch(panel, entry, url, offset, blob) {
    return new Promise(resolve => {
        const xhr = new XMLHttpRequest();
        entry.xhr = xhr;
        xhr.open("PATCH", url);
        xhr.setRequestHeader("Tus-Resumable", tusVersion);
        xhr.setRequestHeader("Upload-Offset", String(offset));
        xhr.setRequestHeader("Content-Type", "application/offset+octet-stream");
        if (entry.token) {
            xhr.setRequestHeader("RequestVerificationToken", entry.token);
        }
        xhr.upload.onprogress = e => {
            entry.sent = offset + e.loaded;
            report(panel, entry, false);
        };
        const done = status => {
            entry.xhr = null;
            const header = xhr.getResponseHeader("Upload-Offset");
            resolve({
                status,
                offset: header === null ? null : Number(header),
                artifactKind: xhr.getResponseHeader("Crashdesk-Artifact-Kind"),
                body: xhr.responseText,
            });
        };
        xhr.onload = () => done(xhr.status);
        xhr.onerror = () => done(0);
        xhr.onabort = () => done(0);
        xhr.send(blob);
    });
}

async function send(method, url, token, headers) {
    try {
        const response = await fetch(url, {
            method,
            headers: { "Tus-Resumable": tusVersion, ...(token ? { RequestVerificationToken: token } : {}), ...headers },
            credentials: "same-origin",
        });
        return { status: response.status, location: response.headers.get("Location"), body: await response.text() };
    } catch {
        return { status: 0, location: null, body: "Network error: the upload did not reach the server." };
    }
}

async function headOffset(url) {
    if (!url) {
        return { offset: null, length: 0 };
    }
    try {
        const response = await fetch(url, { method: "HEAD", headers: { "Tus-Resumable": tusVersion }, credentials: "same-origin", cache: "no-store" });
        if (response.status !== 200) {
            return { offset: null, length: 0 };
        }
        return { offset: Number(response.headers.get("Upload-Offset")), length: Number(response.headers.get("Upload-Length")) };
    } catch {
        return { offset: null, length: 0 };
    }
}

// Speed over the last few seconds (a sliding window: a stall shows at once, a burst does not
// promise a short ETA for long).
function speed(entry) {
    const now = performance.now();
    entry.samples.push({ at: now, sent: entry.sent });
    while (entry.samples.length > 2 && now - entry.samples[0].at > speedWindowMs) {
        entry.samples.shift();
    }
    const first = entry.samples[0];
    const seconds = (now - first.at) / 1000;
    return seconds > 0.2 ? Math.max(0, (entry.sent - first.sent) / seconds) : 0;
}

function report(panel, entry, force) {
    const now = performance.now();
    const rate = entry.status === "uploading" ? speed(entry) : 0;
    if (!force && entry.lastReport && now - entry.lastReport < progressIntervalMs) {
        return;
    }
    entry.lastReport = now;
    panel.dotnet.invokeMethodAsync("OnUploadState", {
        id: entry.id,
        status: entry.status,
        sent: entry.sent,
        total: entry.file.size,
        bytesPerSecond: Math.round(rate),
        message: entry.message || null,
        httpStatus: entry.httpStatus || 0,
        body: entry.body || null,
        storedKind: entry.storedKind || null,
    }).catch(() => { });
}

// Keeps the kernel log panel scrolled to the panic line when it first renders.
export function scrollIntoView(element) {
    if (element) {
        element.scrollIntoView({ block: "center" });
    }
}
