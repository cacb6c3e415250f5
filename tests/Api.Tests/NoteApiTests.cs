using System.Net;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;
using static Crashdesk.Api.Tests.CaseWorkflowApiTests;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Notes over REST: Markdown rendered inert, edits with history and conflicts, soft deletes in the
/// timeline, and anchors in a real report (the Debian sysrq-c dump) that survive a re-analysis.
/// </summary>
public sealed class NoteApiTests
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public async Task Script_event_handlers_and_javascript_links_in_a_note_render_inert()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var (id, _) = await CreateAsync(client, "XSS");

        using var added = await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new CreateNoteRequest(
            "**bold** <script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) [ok](https://kernel.org)"));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var note = await Json.ReadAsync<NoteDto>(added);
        Assert.Contains("<strong>bold</strong>", note.Html);
        Assert.DoesNotContain("<script", note.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", note.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", note.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://kernel.org\"", note.Html);
        Assert.Contains("&lt;script&gt;", note.Html); // shown as text, as written
    }

    [Fact]
    public async Task Edits_keep_history_conflict_when_stale_and_a_delete_is_soft_and_in_the_timeline()
    {
        await using var factory = await ApiFactory.CreateAsync();
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var (id, _) = await CreateAsync(client, "Notes");
        using var added = await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new CreateNoteRequest("first idea"));
        var note = await Json.ReadAsync<NoteDto>(added);

        using var edited = await client.PutAsJsonAsync($"/api/v1/cases/{id}/notes/{note.Id}", new EditNoteRequest("second idea", note.Revision));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var afterEdit = await Json.ReadAsync<NoteDto>(edited);
        Assert.Equal(("second idea", 2), (afterEdit.Body, afterEdit.Revision));
        using var stale = await client.PutAsJsonAsync($"/api/v1/cases/{id}/notes/{note.Id}", new EditNoteRequest("third idea", note.Revision));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var revisions = (await client.GetAllAsync<NoteRevisionDto>($"/api/v1/cases/{id}/notes/{note.Id}/revisions"))!;
        Assert.Equal([(1, "first idea")], revisions.Select(r => (r.Revision, r.Body)));

        using var deleted = await client.DeleteAsync($"/api/v1/cases/{id}/notes/{note.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await client.GetAllAsync<NoteDto>($"/api/v1/cases/{id}/notes"))!);
        var kept = Assert.Single((await client.GetAllAsync<NoteDto>($"/api/v1/cases/{id}/notes?includeDeleted=true"))!);
        Assert.NotNull(kept.DeletedAt);
        var timeline = (await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{id}/timeline"))!;
        Assert.Equal(["created", "note-added", "note-edited", "note-deleted"], timeline.Select(e => e.Kind));
        Assert.Equal(("first idea", "second idea"), (timeline[2].OldValue, timeline[2].NewValue));
        Assert.All(timeline.Skip(1), e => Assert.Equal(note.Id, e.NoteId));
        using var again = await client.DeleteAsync($"/api/v1/cases/{id}/notes/{note.Id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var empty = await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new CreateNoteRequest("   "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Anchors_to_the_panic_line_and_a_frame_of_the_panic_task_survive_a_reanalysis_and_the_case_is_found_by_its_crash()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var (id, _) = await CreateAsync(client, "box 7 went down");
        await UploadAndWaitAsync(client, id, expectedReports: 1);
        var report = (await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{id}/report", Json.Web))!.Report;
        var lines = report.KernelLog!.TrimEnd('\n').Split('\n');
        int panicLine = Array.FindIndex(lines, l => l.Contains(report.PanicLine!, StringComparison.Ordinal)) + 1;
        // The panicking task: crash's "PANIC:" task is the active task of the CPU that panicked.
        var panicTask = report.ActiveBacktraces!.First(t => t.Frames.Any(f => f.Function == "panic"));
        var frame2 = panicTask.Frames.First(f => f.Level == 2);

        using var onLine = await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes",
            new CreateNoteRequest("this is the panic", "log-line", panicLine.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var onFrame = await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes",
            new CreateNoteRequest("look at this frame", "frame", $"{panicTask.Pid}:2"));
        using var nowhere = await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new CreateNoteRequest("?", "log-line", "999999"));

        Assert.Equal(HttpStatusCode.Created, onLine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, onFrame.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nowhere.StatusCode);
        var lineNote = await Json.ReadAsync<NoteDto>(onLine);
        Assert.Equal(("log-line", lines[panicLine - 1], 1), (lineNote.AnchorKind, lineNote.AnchorContent, lineNote.AnchorReportVersion));
        Assert.Equal(frame2.Function, (await Json.ReadAsync<NoteDto>(onFrame)).AnchorContent);

        using (var again = await client.PostAsJsonAsync($"/api/v1/cases/{id}/analyses", new ReanalyseRequest(null)))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await WaitForReportsAsync(client, id, 2);

        var notes = (await client.GetAllAsync<NoteDto>($"/api/v1/cases/{id}/notes"))!;
        Assert.Equal(2, notes.Count);
        Assert.All(notes, n => Assert.Equal((true, 2), (n.Placement!.Found, n.Placement.ReportVersion)));
        Assert.Equal(panicLine.ToString(System.Globalization.CultureInfo.InvariantCulture), notes[0].Placement!.Position);
        Assert.Equal($"{panicTask.Pid}:2", notes[1].Placement!.Position);

        // The report's facts are the case's: search by a word of the panic line, filter by class and kernel.
        var triage = report.Triage!.Reports[0];
        foreach (var query in new[] { "q=sysrq", "hasDump=true", $"class={Uri.EscapeDataString(triage.Class)}", "kernel=6.1" })
        {
            var page = (await client.GetFromJsonAsync<CasePageDto>("/api/v1/cases?" + query, Json.Web))!;
            Assert.True(page.Items.Any(c => c.Id == id), $"{query} did not find the case");
        }
        var summary = (await client.GetFromJsonAsync<CasePageDto>("/api/v1/cases", Json.Web))!.Items.Single();
        Assert.Equal((triage.Title, triage.Class, "done", true), (summary.TriageTitle, summary.CrashClass, summary.AnalysisStatus, summary.HasDump));
        var timeline = (await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{id}/timeline"))!;
        Assert.Equal(2, timeline.Count(e => e.Kind == "report" && e.ActorUserId is null));

        // Both versions stay readable, each says why it ran; the same dump analysed twice changes nothing.
        var versions = (await client.GetAllAsync<ReportVersionDto>($"/api/v1/cases/{id}/reports"))!;
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.Equal("uploaded", versions[1].Reason);
        Assert.StartsWith("re-analysis asked for by engineer-", versions[0].Reason);
        Assert.All(versions, v => Assert.Equal("dump.zlib", v.ArtifactFileName));
        var first = (await client.GetFromJsonAsync<ReportDto>($"/api/v1/cases/{id}/reports/1", Json.Web))!;
        Assert.Equal((1, report.PanicLine), (first.Version, first.Report.PanicLine));
        // The re-analysis reads the kallsyms and BTF the first analysis kept for this build: only where the
        // symbols and types came from changes, nothing the dump says.
        Assert.All((await client.GetAllAsync<ReportChangeDto>($"/api/v1/cases/{id}/reports/2/changes"))!,
            c => Assert.Contains(c.Field, new[] { "symbols from", "types from" }));
        using var none = await client.GetAsync($"/api/v1/cases/{id}/reports/3");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        // The dump can be downloaded, byte for byte, and the download is in the timeline.
        var artifact = details(await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{id}", Json.Web));
        using var download = await client.GetAsync($"/api/v1/cases/{id}/artifacts/{artifact.Id}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("dump.zlib", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(await File.ReadAllBytesAsync(TestFixtures.DumpFile(Fixture)), await download.Content.ReadAsByteArrayAsync());
        timeline = (await client.GetAllAsync<CaseEventDto>($"/api/v1/cases/{id}/timeline"))!;
        Assert.Equal(("artifact-downloaded", "dump.zlib"), (timeline[^1].Kind, timeline[^1].NewValue));
        var (_, strangerKey) = await factory.CreateTenantAsync();
        using var stranger = factory.ClientWithKey(strangerKey);
        using var refused = await stranger.GetAsync($"/api/v1/cases/{id}/artifacts/{artifact.Id}/content");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        static ArtifactDto details(CaseDto? c) => Assert.Single(c!.Artifacts);
    }

    private static async Task UploadAndWaitAsync(HttpClient client, Guid id, int expectedReports)
    {
        await using (var dump = File.OpenRead(TestFixtures.DumpFile(Fixture)))
        {
            using var upload = await client.PutAsync($"/api/v1/cases/{id}/artifacts/dump.zlib?kind=vmcore", new StreamContent(dump));
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }
        await WaitForReportsAsync(client, id, expectedReports);
    }

    private static async Task WaitForReportsAsync(HttpClient client, Guid id, int version)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var details = (await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{id}", Json.Web))!;
            Assert.DoesNotContain(details.Analyses, a => a.Status == "failed");
            if (details.ReportVersion >= version && details.Analyses.All(a => a.Status == "done"))
                return;
            Assert.True(DateTime.UtcNow < deadline, $"report v{version} not there after 3 minutes");
            await Task.Delay(250);
        }
    }
}
