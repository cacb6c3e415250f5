using Crashdesk.Core;
using Crashdesk.Core.Options;
using Crashdesk.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

// A web host only for its management endpoints (/health/live, /health/ready, /metrics): jobs come from
// the database, never over HTTP. Worker:ManagementUrls chooses where they listen; the default, a free
// loopback port, lets several workers share a machine and exposes nothing beyond it.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(WorkerOptions.From(builder.Configuration).ManagementUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
builder.AddCrashdeskCore();
builder.AddCrashdeskServiceDefaults("crashdesk-worker");
builder.AddCrashdeskWorker();

var app = builder.Build();
// One-shot commands (docker-compose): `migrate` applies migrations/; `bootstrap` creates the first
// administrator and API key and prints them to this terminal.
if (args is ["migrate", ..])
    return await MigrateCommand.RunAsync(app);
if (args is ["bootstrap", ..])
    return await BootstrapCommand.RunAsync(app);
app.MapCrashdeskDefaultEndpoints();
await app.RunAsync();
return 0;
