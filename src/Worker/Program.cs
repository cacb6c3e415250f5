using Crashdesk.Core;
using Crashdesk.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddCrashdeskCore();
builder.AddCrashdeskWorker();

var host = builder.Build();
// One-shot commands (docker-compose): `migrate` applies migrations/; `bootstrap` creates the first
// administrator and API key and prints them to this terminal.
if (args is ["migrate", ..])
    return await MigrateCommand.RunAsync(host);
if (args is ["bootstrap", ..])
    return await BootstrapCommand.RunAsync(host);
await host.RunAsync();
return 0;
