using Crashdesk.Core.Events;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Consoles;

/// <summary>
/// The console commands' changes, announced on <c>crashdesk_console</c> by migrations/0021_console.sql's
/// trigger (payload: the command's id): a new command wakes the workers, a cancel the worker running it,
/// its end the request waiting for it.
/// </summary>
public sealed class ConsoleCommandFeed(IOptions<DatabaseOptions> database, ILogger<ConsoleCommandFeed> logger)
    : KeyedNotificationFeed(database, logger)
{
    public const string ChannelName = "crashdesk_console";

    protected override string Channel => ChannelName;

    protected override string What => "Console command";
}
