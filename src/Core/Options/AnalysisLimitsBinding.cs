using Crashdesk.Analysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Options;

/// <summary>
/// Section "Analysis:Limits": the engine's caps on what it reads from a hostile dump
/// (<see cref="AnalysisLimits"/>), tunable by operators (a 16 TiB machine's bitmap, a kernel with more
/// modules). <see cref="AnalysisLimits"/> checks each cap when it is set; here a refused value becomes
/// the options error an operator reads at start, naming the setting ("Analysis:Limits:MaxTasks must be
/// positive (is 0)") instead of the binder's exception chain.
/// </summary>
internal static class AnalysisLimitsBinding
{
    public const string Section = "Analysis:Limits";

    /// <summary>Binds <see cref="AnalysisLimits"/> from <see cref="Section"/>, checked at start.</summary>
    public static void AddAnalysisLimits(this IServiceCollection services) =>
        services.AddOptions<AnalysisLimits>()
            .Configure<IConfiguration>((limits, configuration) => Bind(limits, configuration.GetSection(Section)))
            .ValidateOnStart();

    private static void Bind(AnalysisLimits limits, IConfigurationSection section)
    {
        try
        {
            section.Bind(limits);
        }
        catch (Exception e) when (Refused(e) is { } refused)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(AnalysisLimits),
                [$"{Section}:{refused.ParamName} must be positive (is {refused.ActualValue})"]);
        }
    }

    /// <summary>The setter's refusal, however deep the binder wrapped it.</summary>
    private static ArgumentOutOfRangeException? Refused(Exception? e)
    {
        for (int depth = 0; e is not null && depth < 8; depth++, e = e.InnerException)
            if (e is ArgumentOutOfRangeException refused && refused.ParamName is not null)
                return refused;
        return null;
    }
}
