using Crashdesk.Analysis.IO;

namespace Crashdesk.Analysis.Tests.IO;

public class FileByteSourceTests
{
    [Fact]
    public void ReadsAtOffsetsAndStopsAtTheEnd()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
            using var source = new FileByteSource(path);
            Span<byte> buffer = stackalloc byte[4];
            Assert.Equal(5, source.Length);
            Assert.Equal(2, source.Read(3, buffer));
            Assert.Equal([4, 5], buffer[..2].ToArray());
            Assert.Equal(0, source.Read(5, buffer));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
