// Uploads one file from an <input type=file> to the REST upload endpoint
// (PUT /api/v1/cases/{id}/artifacts/{fileName}?kind=...) with XMLHttpRequest, because fetch()
// has no upload progress events. The browser sends the session cookie; the antiforgery token
// goes in the header the server's IAntiforgery reads (AntiforgeryOptions.HeaderName default).
// The body is the File itself: the browser streams it from disk, nothing is read into JS memory.

const progressIntervalMs = 100;

export function fileOf(input) {
    const file = input && input.files && input.files[0];
    return file ? { name: file.name, size: file.size } : null;
}

export function upload(input, caseUrl, kind, antiforgeryToken, dotnet) {
    const file = input && input.files && input.files[0];
    if (!file) {
        return Promise.resolve({ status: 0, body: "No file chosen." });
    }
    const url = `${caseUrl}/artifacts/${encodeURIComponent(file.name)}?kind=${encodeURIComponent(kind)}`;
    return new Promise(resolve => {
        const xhr = new XMLHttpRequest();
        let lastReport = 0;
        const report = (loaded, total, force) => {
            const now = performance.now();
            if (force || now - lastReport >= progressIntervalMs) {
                lastReport = now;
                dotnet.invokeMethodAsync("OnUploadProgress", loaded, total).catch(() => { });
            }
        };
        xhr.open("PUT", url);
        xhr.setRequestHeader("Content-Type", "application/octet-stream");
        if (antiforgeryToken) {
            xhr.setRequestHeader("RequestVerificationToken", antiforgeryToken);
        }
        xhr.upload.onprogress = e => report(e.loaded, e.lengthComputable ? e.total : file.size, e.loaded === e.total);
        xhr.upload.onload = () => report(file.size, file.size, true);
        xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
        xhr.onerror = () => resolve({ status: 0, body: "Network error: the upload did not reach the server." });
        xhr.onabort = () => resolve({ status: 0, body: "Upload aborted." });
        report(0, file.size, true);
        xhr.send(file);
    });
}

// Keeps the kernel log panel scrolled to the panic line when it first renders.
export function scrollIntoView(element) {
    if (element) {
        element.scrollIntoView({ block: "center" });
    }
}
