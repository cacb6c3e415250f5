using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Crashdesk.Core.Options;

/// <summary>
/// A duration within [<c>minimum</c>, <c>maximum</c>] (TimeSpan "c" strings). In place of
/// <c>[Range(typeof(TimeSpan), …)]</c>: RangeAttribute converts its bounds lazily on first use without a
/// lock, so two hosts validating the same options type at once (Api and Worker in one process, parallel
/// tests) can see half-converted bounds and throw InvalidCastException. These bounds are parsed once, here.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"The field {name} must be between {Minimum:c} and {Maximum:c}.");
}
