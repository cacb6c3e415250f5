using Crashdesk.Core;
using Crashdesk.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddCrashdeskCore();
builder.AddCrashdeskWorker();

var host = builder.Build();
// `migrate`: apply migrations/ and exit (docker-compose's one-shot migrator).
if (args is ["migrate", ..])
    return await MigrateCommand.RunAsync(host);
await host.RunAsync();
return 0;
