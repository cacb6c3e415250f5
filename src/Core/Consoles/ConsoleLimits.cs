namespace Crashdesk.Core.Consoles;

/// <summary>The console's fixed limits, the same for the API, the browser and the worker.</summary>
public static class ConsoleLimits
{
    /// <summary>crash reads command lines of up to BUFSIZE (1500) bytes; a thousand characters is every real one.</summary>
    public const int MaxLineLength = 1000;

    /// <summary>As many candidates as a terminal shows after a Tab.</summary>
    public const int MaxCompletions = 50;
}
