using System.Globalization;
using Crashdesk.Analysis;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Options;

/// <summary>
/// Section "Analysis:Limits": the engine's caps on what it reads from a hostile dump
/// (<see cref="AnalysisLimits"/>), tunable by operators (a 16 TiB machine's bitmap, a kernel with more
/// modules). Every cap is a count or a size and must be positive, checked at start as ClrMD checks its
/// DataTargetLimits: a zero or negative cap would refuse every dump, or, worse, turn a bound off.
/// </summary>
internal sealed class AnalysisLimitsValidation : IValidateOptions<AnalysisLimits>
{
    public const string Section = "Analysis:Limits";

    public ValidateOptionsResult Validate(string? name, AnalysisLimits options)
    {
        var problems = new List<string>();
        foreach (var property in typeof(AnalysisLimits).GetProperties())
        {
            if (property.GetIndexParameters().Length != 0 || property.PropertyType != typeof(int) && property.PropertyType != typeof(long))
                continue;
            long value = Convert.ToInt64(property.GetValue(options), CultureInfo.InvariantCulture);
            if (value <= 0)
                problems.Add($"{Section}:{property.Name} must be positive (is {value})");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
