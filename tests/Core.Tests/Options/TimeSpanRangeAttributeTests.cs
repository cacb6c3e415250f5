using System.ComponentModel.DataAnnotations;
using Crashdesk.Core.Options;

namespace Crashdesk.Core.Tests.Options;

/// <summary>The duration bounds of the options, checked from many threads at once as parallel hosts do.</summary>
public sealed class TimeSpanRangeAttributeTests
{
    [Fact]
    public void Bounds_are_inclusive_and_hold_under_concurrent_first_use()
    {
        var range = new TimeSpanRangeAttribute("00:00:05", "01:00:00");
        var results = new System.Collections.Concurrent.ConcurrentBag<(bool Low, bool Min, bool Max, bool High)>();
        Parallel.For(0, 64, _ => results.Add((range.IsValid(TimeSpan.FromSeconds(4)), range.IsValid(TimeSpan.FromSeconds(5)),
            range.IsValid(TimeSpan.FromHours(1)), range.IsValid(TimeSpan.FromHours(1.5)))));
        Assert.All(results, r => Assert.Equal((false, true, true, false), r));
    }

    [Fact]
    public void A_worker_option_out_of_range_is_named()
    {
        var options = new WorkerOptions { InvisibilityTimeout = TimeSpan.FromSeconds(1) };
        var errors = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage == "The field InvisibilityTimeout must be between 00:00:05 and 01:00:00.");
    }
}
