using System.Reflection;

namespace Crashdesk.Analysis.Tests;

/// <summary>Every cap of <see cref="AnalysisLimits"/> is checked when set: a zero or negative one is refused by name.</summary>
public sealed class AnalysisLimitsTests
{
    public static TheoryData<string> Caps()
    {
        var data = new TheoryData<string>();
        foreach (var property in typeof(AnalysisLimits).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.PropertyType == typeof(int) || property.PropertyType == typeof(long))
                data.Add(property.Name);
        return data;
    }

    [Fact]
    public void Every_cap_is_a_count_or_a_size()
    {
        // The checked set is the whole set: a new cap of another type would escape the rule.
        var others = typeof(AnalysisLimits).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType != typeof(int) && p.PropertyType != typeof(long) && p.Name != "EqualityContract");
        Assert.Empty(others);
        Assert.True(Caps().Count >= 30);
    }

    [Theory]
    [MemberData(nameof(Caps))]
    public void A_cap_that_is_not_positive_is_refused_when_set(string name)
    {
        var property = typeof(AnalysisLimits).GetProperty(name)!;
        foreach (long value in new long[] { 0, -1 })
        {
            var limits = new AnalysisLimits();
            object boxed = property.PropertyType == typeof(int) ? (object)(int)value : value;
            var e = Assert.Throws<TargetInvocationException>(() => property.SetValue(limits, boxed));
            var refused = Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
            Assert.Equal(name, refused.ParamName);
            Assert.StartsWith($"{name} must be positive (is {value})", refused.Message, StringComparison.Ordinal);
        }
        // A positive value is kept, and `with` checks too.
        var one = new AnalysisLimits();
        property.SetValue(one, property.PropertyType == typeof(int) ? (object)1 : 1L);
        Assert.Equal(1L, Convert.ToInt64(property.GetValue(one), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void With_checks_the_changed_cap()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AnalysisLimits.Default with { MaxFrames = 0 });
        Assert.Equal(nameof(AnalysisLimits.MaxFrames), e.ParamName);
        Assert.Equal(7, (AnalysisLimits.Default with { MaxFrames = 7 }).MaxFrames);
    }
}
