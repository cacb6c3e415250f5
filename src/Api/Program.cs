using Crashdesk.Api;
using Crashdesk.Core;

var builder = WebApplication.CreateBuilder(args);
builder.AddCrashdeskCore();
builder.AddCrashdeskApi();

var app = builder.Build();
app.UseCrashdeskApi();
app.Run();
