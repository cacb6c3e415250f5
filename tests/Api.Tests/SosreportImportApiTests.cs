using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// A sosreport into a case's environment through the API and the job on the maintenance queue: a real
/// one made by sos on this machine (checked against dpkg, uname and /proc/cmdline), hostile ones
/// refused with the member named while the case keeps everything it had, and a file that is no
/// archive refused before it is stored.
/// </summary>
public sealed class SosreportImportApiTests
{
    [Fact]
    public async Task A_real_sosreport_fills_the_packages_kernel_and_command_line_of_this_machine()
    {
        var archive = await RealSosreport.GetAsync();
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "db1 with a sosreport");

        using var body = new ByteArrayContent(archive.Bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-xz");
        using var posted = await client.PostAsync($"/api/v1/cases/{caseId}/environment/import?fileName={archive.FileName}", body);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var upload = await Json.ReadAsync<UploadResponse>(posted);
        Assert.Equal("sosreport", upload.Artifact.Kind);
        Assert.NotNull(upload.EnvironmentImport);
        var import = await WaitForImportAsync(client, caseId);
        Assert.True(import.Status == "done", $"the import ended {import.Status}: {import.Error}");
        Assert.Equal(1, import.SnapshotVersion);

        var environment = (await client.GetFromJsonAsync<EnvironmentDto>($"/api/v1/cases/{caseId}/environment", Json.Web))!.Environment;
        // dpkg -l's installed rows (status not n or c) on this machine.
        int installed = Programs.Try("dpkg", "-l").Output().Split('\n')
            .Count(l => l.Length > 4 && l[0] is 'u' or 'i' or 'h' or 'r' or 'p' && l[1] is not (' ' or 'n' or 'c') && l[2] is ' ' or 'R' && l[3] == ' ');
        Assert.Equal(installed, environment.Packages!.Items.Count);
        Assert.Equal("sosreport", environment.Packages.Source);
        Assert.Equal(Programs.Try("uname", "-r").Output().Trim(), environment.Os["kernelRelease"].Value);
        Assert.Equal(File.ReadAllText("/proc/cmdline").Trim(), environment.Os["commandLine"].Value);
        Assert.All(environment.Os.Values, f => Assert.Equal("sosreport", f.Source));
        var versions = await client.GetAllAsync<EnvironmentVersionDto>($"/api/v1/cases/{caseId}/environment/versions");
        Assert.Equal($"imported from {archive.FileName}", Assert.Single(versions!).Summary);
    }

    [Fact]
    public async Task A_hostile_sosreport_fails_its_import_naming_the_member_and_the_case_keeps_what_it_had()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CaseFlow.CreateCaseAsync(client, "hostile archive");
        using (var put = await client.PutAsJsonAsync($"/api/v1/cases/{caseId}/environment",
            new Crashdesk.Core.Environments.EnvironmentInput { Notes = "three nodes, one crashed" }, Json.Web))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var tar = new TarBuilder().Directory("sosreport-db1-2026-12-02-abcdef/")
            .File("sosreport-db1-2026-12-02-abcdef/proc/cmdline", "console=ttyS0\n")
            .File("../../etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        using (var upload = await client.PutAsync($"/api/v1/cases/{caseId}/artifacts/sosreport-db1.tar.xz?kind=sosreport",
            new ByteArrayContent(Programs.Xz(tar.ToArray()))))
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var import = await WaitForImportAsync(client, caseId);
        Assert.Equal("failed", import.Status);
        Assert.Equal("sosreport-db1.tar.xz: member \"../../etc/passwd\" points outside the archive; refused (nothing was extracted)", import.Error);

        // The case is intact: its environment, its artifact, its timeline.
        var environment = await client.GetFromJsonAsync<EnvironmentDto>($"/api/v1/cases/{caseId}/environment", Json.Web);
        Assert.Equal(1, environment!.LatestVersion);
        Assert.Equal("three nodes, one crashed", environment.Environment.Notes!.Value);
        var details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
        Assert.Equal(["sosreport-db1.tar.xz"], details!.Artifacts.Select(a => a.FileName));

        // What is no archive at all is refused at the upload: nothing is stored.
        using var text = await client.PostAsync($"/api/v1/cases/{caseId}/environment/import?fileName=notes.txt",
            new StringContent("this is not a sosreport\n", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, text.StatusCode);
        Assert.Contains("notes.txt is not a sosreport: not a tar archive", await text.Content.ReadAsStringAsync());
        details = await client.GetFromJsonAsync<CaseDto>($"/api/v1/cases/{caseId}", Json.Web);
        Assert.Single(details!.Artifacts);
    }

    private static async Task<EnvironmentImportDto> WaitForImportAsync(HttpClient client, Guid caseId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var imports = await client.GetAllAsync<EnvironmentImportDto>($"/api/v1/cases/{caseId}/environment/imports");
            var import = Assert.Single(imports!);
            if (import.Status is "done" or "failed")
                return import;
            Assert.True(DateTime.UtcNow < deadline, $"the import is still {import.Status} after 2 minutes");
            await Task.Delay(200);
        }
    }
}
