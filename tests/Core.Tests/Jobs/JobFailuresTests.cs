using Crashdesk.Analysis;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>Which failures end a job (the input is bad) and which are retried (the database, the store, a bug).</summary>
public sealed class JobFailuresTests
{
    [Fact]
    public void A_bad_input_or_broken_stored_object_ends_the_job_and_the_rest_is_retried()
    {
        Assert.True(JobFailures.IsPermanent(new DumpFormatException("dump.zlib: bad header")));
        Assert.True(JobFailures.IsPermanent(new StoredObjectCorruptException("the kernel profile of vmlinux holds build-id a, its library entry says b")));
        Assert.True(JobFailures.IsPermanent(new BlobNotFoundException("k")));
        Assert.False(JobFailures.IsPermanent(new TimeoutException("the database did not answer")));
        Assert.False(JobFailures.IsPermanent(new IOException("connection reset")));
    }

    [Fact]
    public void The_message_names_the_users_file_never_the_internal_key()
    {
        string message = JobFailures.Describe(new StoredObjectCorruptException("profiles/0a1b2c is shorter than recorded"), "profiles/0a1b2c", "vmlinux-6.1");
        Assert.Equal("vmlinux-6.1 is shorter than recorded", message);
        Assert.Equal("the stored file is missing from the object store", JobFailures.Describe(new BlobNotFoundException("k"), null, null));
    }
}
