using Crashdesk.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Events;

/// <summary>
/// The case changes the triggers of migrations/0006_case_change_notify.sql announce on
/// <c>crashdesk_case_changed</c>, handed to the pages that show those cases.
/// </summary>
public sealed class CaseChangeFeed(IOptions<DatabaseOptions> database, ILogger<CaseChangeFeed> logger)
    : KeyedNotificationFeed(database, logger), ICaseChangeFeed
{
    public const string ChannelName = "crashdesk_case_changed";

    protected override string Channel => ChannelName;

    protected override string What => "Case change";
}
