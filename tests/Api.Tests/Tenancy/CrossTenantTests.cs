using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Tenancy;

/// <summary>
/// Reads the committed OpenAPI document and calls EVERY operation in it: anonymously (401), with an API key
/// and with a browser session of another organisation (403/404 for organisation A's objects, and never a byte
/// of A's data in any answer), and as a customer of A (403 wherever the customer role is not let in, and never
/// an internal note). New endpoints are covered without editing this test; a new kind of path parameter
/// fails it until it names which of A's objects to aim at.
/// </summary>
public sealed class CrossTenantTests : IAsyncLifetime
{
    /// <summary>What a customer's own staff may call (everything else must answer 403 to them).</summary>
    private static readonly HashSet<string> CustomerOperations =
    [
        "GetMe", "SwitchOrganization", "ListApiKeys", "CreateApiKey", "RotateApiKey", "RevokeApiKey", "ListOrganizations",
        "CreateCase", "ListCases", "GetCase", "GetCaseTimeline", "UploadArtifact", "DownloadArtifact", "ListNotes", "AddNote",
        "GetReport", "GetReportLog", "GetReportBacktraces", "GetReportTasks", "GetReportLocks", "GetReportEnvironment", "ListReportVersions", "GetReportVersion", "GetReportChanges", "GetCaseKnownIssue", "GetCaseEnvironment",
        "DescribeUploads", "CreateUploadSession", "GetUploadSession", "GetUploadOffset", "AppendUpload", "TerminateUpload",
    ];

    private ApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ApiFactory.CreateAsync(worker: true);

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Every_operation_refuses_other_organisations_and_forbidden_roles_and_leaks_nothing()
    {
        var a = await OrganisationAAsync();
        var (bAdmin, bKey) = await _factory.CreateTenantAsync(role: OrganizationRole.Admin);
        var (_, customerKey) = await _factory.AddUserAsync(a.OrganizationId, "Customer of A", OrganizationRole.Customer);
        await using (var db = _factory.Database.CreateContext())
        {
            // Let the customer sign in with a browser too.
            var customerUser = db.Memberships.Single(m => m.OrganizationId == a.OrganizationId && m.Role == OrganizationRole.Customer).UserId;
            a.CustomerEmail = db.Users.Single(u => u.Id == customerUser).Email;
        }
        var (bSession, bToken) = await BrowserSession.SignInAsync(_factory, bAdmin.Email);
        var (customerSession, customerToken) = await BrowserSession.SignInAsync(_factory, a.CustomerEmail);
        using var anonymous = _factory.ClientWithKey(null);
        using var aKey = _factory.ClientWithKey(a.AdminKey);
        using var bApi = _factory.ClientWithKey(bKey);
        using var customerApi = _factory.ClientWithKey(customerKey);

        var operations = Operations().ToList();
        Assert.True(operations.Count > 50, $"only {operations.Count} operations in the OpenAPI document");
        var violations = new List<string>();

        // Organisation A's own admin reaches every read: proves the ids aimed at are real objects.
        foreach (var op in operations.Where(o => o.Method == HttpMethod.Get))
        {
            using var response = await aKey.SendAsync(op.Request(a, null));
            if (!response.IsSuccessStatusCode)
                violations.Add($"{op}: organisation A's admin got {(int)response.StatusCode} {await Excerpt(response)}");
        }

        foreach (var op in operations)
        {
            using (var response = await anonymous.SendAsync(op.Request(a, null)))
            {
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                    violations.Add($"{op}: anonymous got {(int)response.StatusCode}");
            }

            foreach (var (who, client, token) in new[] { ("B's key", bApi, (string?)null), ("B's session", bSession, bToken) })
            {
                using var request = op.Request(a, token);
                // An id B itself sent may come back in the answer ("case … not found"): that tells B nothing.
                var sent = request.RequestUri + (request.Content is null ? "" : await request.Content.ReadAsStringAsync());
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (op.AimsAtAnObject && response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                    violations.Add($"{op}: {who} got {(int)response.StatusCode} for A's object {Excerpt(body)}");
                if (a.Markers.FirstOrDefault(m => body.Contains(m, StringComparison.OrdinalIgnoreCase) && !sent.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } leaked)
                    violations.Add($"{op}: {who} saw A's data '{leaked}' ({(int)response.StatusCode})");
            }

            foreach (var (who, client, token) in new[] { ("A's customer key", customerApi, (string?)null), ("A's customer session", customerSession, customerToken) })
            {
                using var response = await client.SendAsync(op.Request(a, token));
                var body = await response.Content.ReadAsStringAsync();
                bool allowed = CustomerOperations.Contains(op.Id);
                if (!allowed && response.StatusCode != HttpStatusCode.Forbidden)
                    violations.Add($"{op}: {who} got {(int)response.StatusCode}, not 403 {Excerpt(body)}");
                if (allowed && response.StatusCode == HttpStatusCode.Forbidden)
                    violations.Add($"{op}: {who} got 403 on an operation open to customers {Excerpt(body)}");
                if (body.Contains(a.InternalNoteMarker, StringComparison.Ordinal))
                    violations.Add($"{op}: {who} saw the internal note");
            }
        }

        Assert.True(violations.Count == 0, $"{violations.Count} violations over {operations.Count} operations:\n" + string.Join("\n", violations));
    }

    private async Task<OrganisationA> OrganisationAAsync()
    {
        var (admin, _) = await _factory.CreateTenantAsync($"org-a-{Guid.NewGuid():N}", OrganizationRole.Admin);
        // A's admin also administers a second organisation with the same crash, with a key for both: so the
        // cross-organisation reads answer A's admin (200) while B and A's customer must be refused.
        string key;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var second = await scope.ServiceProvider.GetRequiredService<Crashdesk.Core.Services.IOrganizationService>().EnsureAsync($"org-a2-{Guid.NewGuid():N}");
            await using (var db = _factory.Database.CreateContext())
            {
                db.Memberships.Add(new Membership { UserId = admin.UserId, OrganizationId = second, Role = OrganizationRole.Admin });
                await db.SaveChangesAsync();
            }
            key = (await scope.ServiceProvider.GetRequiredService<Crashdesk.Core.Services.IApiKeyService>()
                .CreateAsync(admin, new Crashdesk.Core.Services.NewApiKey("all organisations", AllOrganizations: true))).Secret;
            using var inSecond = _factory.ClientWithKey(key);
            inSecond.DefaultRequestHeaders.Add("Crashdesk-Organization", second.ToString());
            var secondCase = await CaseFlow.CreateCaseAsync(inSecond, "the same crash in A's second organisation");
            await CaseFlow.UploadAndWaitAsync(inSecond, secondCase, Path.Combine(TestFixtures.Folder("mini-6.1-lockdep/hung-mutex/kdump-zstd"), "console.txt"), "console-log", 1);
        }
        using var api = _factory.ClientWithKey(key);
        var marker = Guid.NewGuid().ToString("N")[..12];
        var caseId = await CaseFlow.CreateCaseAsync(api, $"CASE-A-{marker}");
        await CaseFlow.UploadAndWaitAsync(api, caseId, Path.Combine(TestFixtures.Folder("mini-6.1-lockdep/hung-mutex/kdump-zstd"), "console.txt"), "console-log", 1);
        // A second report version, so that /reports/2/changes has something to compare.
        await CaseFlow.ReanalyseAsync(api, caseId, 2);
        var details = await Json.ReadElementAsync(await api.GetAsync($"/api/v1/cases/{caseId}"));
        var artifactId = details.GetProperty("artifacts")[0].GetProperty("id").GetGuid();
        var groupId = details.GetProperty("groupId").GetGuid();
        var signature = details.GetProperty("crashSignature").GetString()!;
        Ok(await api.PutAsJsonAsync($"/api/v1/groups/{groupId}/known-issue", new { title = $"KI-A-{marker}", fixedIn = new[] { "6.1.76" } }));
        var internalNote = $"INTERNAL-A-{marker}";
        var noteId = (await Json.ReadElementAsync(Ok(await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { body = internalNote })))).GetProperty("id").GetGuid();
        Ok(await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/notes", new { body = $"SHARED-A-{marker}", visibility = "customer" }));
        var environmentId = (await Json.ReadElementAsync(Ok(await api.PostAsJsonAsync("/api/v1/environments", new { name = $"ENV-A-{marker}" })))).GetProperty("id").GetGuid();
        Ok(await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/environment/link", new { environmentId }));
        var keyId = (await Json.ReadElementAsync(await api.GetAsync("/api/v1/api-keys"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        var debugKernel = new DebugKernelEntry
        {
            OrganizationId = admin.OrganizationId, FileName = $"vmlinux-A-{marker}", StorageKey = $"debug-kernels/{marker}", Sha256 = new string('0', 64),
            Status = DebugKernelStatus.Failed, Error = "not a kernel",
        };
        await using (var db = _factory.Database.CreateContext())
        {
            db.DebugKernels.Add(debugKernel);
            await db.SaveChangesAsync();
        }
        var webhookId = (await Json.ReadElementAsync(Ok(await api.PostAsJsonAsync("/api/v1/webhooks", new { url = $"https://tickets.example.test/{marker}" }))))
            .GetProperty("endpoint").GetProperty("id").GetGuid();
        var deliveryId = (await Json.ReadElementAsync(Ok(await api.PostAsync($"/api/v1/webhooks/{webhookId}/ping", null)))).GetProperty("id").GetGuid();
        // A single sign-on identity of A's admin (as a sign-in through a provider links it): its subject is A's data.
        var externalLogin = new Crashdesk.Core.Domain.ExternalLogin
        {
            Issuer = "https://sso.example.test", Subject = $"SUB-A-{marker}", UserId = admin.UserId, CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = _factory.Database.CreateContext())
        {
            db.ExternalLogins.Add(externalLogin);
            await db.SaveChangesAsync();
        }
        // A console command A's admin ran on A's case, with its output: both are A's.
        var consoleSession = new ConsoleSession { OrganizationId = admin.OrganizationId, CaseId = caseId, UserId = admin.UserId, ArtifactId = artifactId };
        var consoleCommand = new ConsoleCommand
        {
            SessionId = consoleSession.Id, CaseId = caseId, UserId = admin.UserId, Line = "sys", Status = ConsoleCommandStatus.Done,
            Output = $"CONSOLE-A-{marker}", FinishedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = _factory.Database.CreateContext())
        {
            db.AddRange(consoleSession, consoleCommand);
            await db.SaveChangesAsync();
        }
        // A resumable upload session of A's case (tus creation), half-way: its id is A's.
        string uploadSession;
        using (var create = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{caseId}/uploads"))
        {
            create.Headers.Add("Tus-Resumable", "1.0.0");
            create.Headers.Add("Upload-Length", "100");
            create.Headers.Add("Upload-Metadata", $"filename {Convert.ToBase64String("half.bin"u8.ToArray())},kind {Convert.ToBase64String("other"u8.ToArray())}");
            uploadSession = Ok(await api.SendAsync(create)).Headers.Location!.OriginalString;
        }
        return new OrganisationA(admin.OrganizationId, key, admin.UserId, caseId, artifactId, groupId, noteId, environmentId, keyId, debugKernel.Id, marker, internalNote)
        {
            WebhookId = webhookId,
            WebhookDeliveryId = deliveryId,
            ExternalLoginId = externalLogin.Id,
            UploadSessionId = Guid.Parse(uploadSession[(uploadSession.LastIndexOf('/') + 1)..]),
            Signature = signature,
            ConsoleCommandId = consoleCommand.Id,
        };
    }

    private static HttpResponseMessage Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"setting up organisation A: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
        return response;
    }

    private static async Task<string> Excerpt(HttpResponseMessage response) => Excerpt(await response.Content.ReadAsStringAsync());

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "…" : body;

    private static IEnumerable<Operation> Operations()
    {
        var document = JsonNode.Parse(File.ReadAllText(OpenApiPath()))!;
        var components = document["components"]?["schemas"];
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description")
                    continue;
                yield return new Operation(new HttpMethod(method.ToUpperInvariant()), path, operation!, components);
            }
        }
    }

    private static string OpenApiPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Api", "openapi", "v1.json");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("src/Api/openapi/v1.json not found above the test's directory");
    }

    private sealed record OrganisationA(
        Guid OrganizationId, string AdminKey, Guid AdminUserId, Guid CaseId, Guid ArtifactId, Guid GroupId, Guid NoteId, Guid EnvironmentId,
        Guid ApiKeyId, Guid DebugKernelId, string Marker, string InternalNoteMarker)
    {
        public string CustomerEmail { get; set; } = "";

        public Guid WebhookId { get; init; }

        public Guid WebhookDeliveryId { get; init; }

        public Guid ExternalLoginId { get; init; }

        public Guid UploadSessionId { get; init; }

        public Guid ConsoleCommandId { get; init; }

        /// <summary>The crash signature of A's case (shared with A's second organisation).</summary>
        public string Signature { get; init; } = "";

        /// <summary>Strings only organisation A's data contains.</summary>
        public IReadOnlyList<string> Markers =>
            [Marker, CaseId.ToString(), ArtifactId.ToString(), GroupId.ToString(), NoteId.ToString(), EnvironmentId.ToString(), DebugKernelId.ToString(), OrganizationId.ToString(),
             WebhookId.ToString(), WebhookDeliveryId.ToString(), ExternalLoginId.ToString(), ConsoleCommandId.ToString()];
    }

    /// <summary>One operation of the document, and how to call it against organisation A's objects.</summary>
    private sealed class Operation(HttpMethod method, string path, JsonNode operation, JsonNode? components)
    {
        public HttpMethod Method { get; } = method;

        public string Id { get; } = operation["operationId"]?.GetValue<string>() ?? $"{method} {path}";

        /// <summary>The path names one of A's objects (a case, a group …), so another organisation must get 403/404.</summary>
        public bool AimsAtAnObject => path.Split('/').Any(s => s.StartsWith('{') && s is not ("{fileName}" or "{version}"));

        public override string ToString() => $"{Method} {path} ({Id})";

        public HttpRequestMessage Request(OrganisationA a, string? antiforgeryToken)
        {
            var segments = path.Split('/');
            var url = new StringBuilder();
            for (int i = 0; i < segments.Length; i++)
            {
                if (i > 0)
                    url.Append('/');
                var segment = segments[i];
                url.Append(segment.StartsWith('{') ? PathValue(segment.Trim('{', '}'), i > 0 ? segments[i - 1] : "", a) : segment);
            }
            var query = new List<string>();
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                // Required ones, and optional ones that name what to act on (an upload's kind, a comparison's sides).
                if (parameter!["in"]?.GetValue<string>() == "query"
                    && (parameter["required"]?.GetValue<bool>() == true || parameter["name"]?.GetValue<string>() is "kind" or "left" or "right"))
                {
                    var name = parameter["name"]!.GetValue<string>();
                    query.Add($"{name}={Uri.EscapeDataString(QueryValue(name, parameter["schema"], a))}");
                }
            }
            if (query.Count > 0)
                url.Append('?').Append(string.Join('&', query));
            var request = new HttpRequestMessage(Method, url.ToString());
            if (antiforgeryToken is not null)
                request.Headers.Add("RequestVerificationToken", antiforgeryToken);
            // Edits that need a precondition get one, of the path's kind (VersionTag: r case, e environment, k known
            // issue) and stale: the object is looked up before its version is compared.
            if (Method == HttpMethod.Patch || Method == HttpMethod.Put)
            {
                char kind = path.EndsWith("/known-issue", StringComparison.Ordinal) ? 'k' : path.Contains("environment", StringComparison.Ordinal) ? 'e' : 'r';
                request.Headers.TryAddWithoutValidation("If-Match", $"\"{kind}0\"");
            }
            request.Content = Body(a);
            return request;
        }

        private static string PathValue(string name, string previous, OrganisationA a) => name switch
        {
            "id" when previous == "cases" => a.CaseId.ToString(),
            "id" when previous == "debug-kernels" => a.DebugKernelId.ToString(),
            "artifactId" => a.ArtifactId.ToString(),
            "noteId" => a.NoteId.ToString(),
            "groupId" => a.GroupId.ToString(),
            "environmentId" => a.EnvironmentId.ToString(),
            "keyId" => a.ApiKeyId.ToString(),
            "webhookId" => a.WebhookId.ToString(),
            "deliveryId" => a.WebhookDeliveryId.ToString(),
            "userId" => a.AdminUserId.ToString(),
            "loginId" => a.ExternalLoginId.ToString(),
            "sessionId" => a.UploadSessionId.ToString(),
            "commandId" => a.ConsoleCommandId.ToString(),
            "signature" => a.Signature,
            "version" => "2",
            "fileName" => "probe.txt",
            _ => throw new InvalidOperationException(
                $"CrossTenantTests does not know which object of organisation A to aim {{{name}}} (after '{previous}') at: add it to PathValue"),
        };

        private static string QueryValue(string name, JsonNode? schema, OrganisationA a) => name switch
        {
            "left" => $"case:{a.CaseId}",
            "right" => $"environment:{a.EnvironmentId}",
            "caseId" or "case" => a.CaseId.ToString(),
            "environmentId" => a.EnvironmentId.ToString(),
            "kind" => "other",
            _ => SampleScalar(schema, name, a),
        };

        private HttpContent? Body(OrganisationA a)
        {
            var content = operation["requestBody"]?["content"]?.AsObject();
            if (content is null)
                return null;
            // application/json and its relatives (application/merge-patch+json): a body that fits the schema.
            if (content.FirstOrDefault(c => c.Key == "application/json" || c.Key.EndsWith("+json", StringComparison.Ordinal)) is { Key: not null } json)
            {
                // A schema that says nothing (a raw JsonElement, as a merge patch is read) gets an empty object.
                var sample = Sample(json.Value!["schema"], null, a, 0);
                return new StringContent(sample is JsonObject or JsonArray ? sample.ToJsonString() : "{}", Encoding.UTF8, json.Key);
            }
            if (content.ContainsKey("multipart/form-data"))
            {
                var form = new MultipartFormDataContent();
                form.Add(new ByteArrayContent("probe"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "file", "probe.txt");
                return form;
            }
            var type = content.First().Key;
            return new ByteArrayContent("probe"u8.ToArray()) { Headers = { ContentType = MediaTypeHeaderValue.Parse(type.Contains('*') ? "application/octet-stream" : type) } };
        }

        private JsonNode? Sample(JsonNode? schema, string? name, OrganisationA a, int depth)
        {
            if (schema is null || depth > 6)
                return null;
            if (schema["$ref"]?.GetValue<string>() is { } reference)
                return Sample(components?[reference.Split('/')[^1]], name, a, depth + 1);
            foreach (var choice in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (schema[choice]?.AsArray() is { } options)
                    return Sample(options.FirstOrDefault(o => o?["type"]?.ToString() != "null"), name, a, depth + 1);
            }
            var type = TypeOf(schema);
            switch (type)
            {
                case "object":
                    var obj = new JsonObject();
                    foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
                        obj[property] = Sample(propertySchema, property, a, depth + 1);
                    return obj;
                case "array":
                    return name switch
                    {
                        "caseIds" => new JsonArray(a.CaseId.ToString()),
                        "scopes" => new JsonArray("read"),
                        "links" => new JsonArray("https://example.test/fix"),
                        "fixedIn" => new JsonArray("6.1.76"),
                        _ => new JsonArray(Sample(schema["items"], null, a, depth + 1)),
                    };
                case "integer" or "number":
                    return JsonValue.Create(1);
                case "boolean":
                    return JsonValue.Create(false);
                default:
                    return JsonValue.Create(SampleScalar(schema, name, a));
            }
        }

        private static string? TypeOf(JsonNode schema) => schema["type"] switch
        {
            JsonArray types => types.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null"),
            JsonValue single => single.GetValue<string>(),
            _ => schema["properties"] is not null ? "object" : "string",
        };

        private static string SampleScalar(JsonNode? schema, string? name, OrganisationA a)
        {
            switch (name)
            {
                case "organizationId": return a.OrganizationId.ToString();
                case "groupId" or "targetGroupId" or "intoGroupId": return a.GroupId.ToString();
                case "environmentId": return a.EnvironmentId.ToString();
                case "caseId": return a.CaseId.ToString();
                case "role": return "admin";
                case "visibility": return "customer";
                case "email": return $"probe-{Guid.NewGuid():N}@example.test";
                case "url": return "https://example.test/hook";
            }
            if (schema?["enum"]?.AsArray() is { Count: > 0 } values)
                return values[0]!.ToString();
            return schema?["format"]?.ToString() switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date-time" => DateTimeOffset.UtcNow.AddHours(1).ToString("O"),
                "uri" => "https://example.test/",
                _ => "probe",
            };
        }
    }
}
