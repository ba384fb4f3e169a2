using AeUpdater.Tuf.Models;

namespace AeUpdater.Tuf.Tests;

public class PathPatternTests
{
    [Theory]
    [InlineData("foo.tgz", "*.tgz", true)]
    [InlineData("targets/foo.tgz", "targets/*.tgz", true)]
    [InlineData("foo-version-a.tgz", "foo-version-?.tgz", true)]
    [InlineData("foo-version-alpha.tgz", "foo-version-?.tgz", false)]
    [InlineData("targets/foo.tgz", "*.tgz", false)]
    [InlineData("foo.tgz", "*", true)]
    [InlineData("a/b/c", "*/*/*", true)]
    [InlineData("a/b/c", "*/*", false)]
    [InlineData("a/b", "a/*/", false)]
    [InlineData("file1.txt", "file[0-9].txt", true)]
    [InlineData("filex.txt", "file[0-9].txt", false)]
    [InlineData("filex.txt", "file[!0-9].txt", true)]
    [InlineData("File.txt", "file.txt", false)]
    [InlineData("a[b", "a[b", true)]
    [InlineData("", "*", true)]
    public void IsMatch_Table(string path, string pattern, bool expected) =>
        Assert.Equal(expected, PathPattern.IsMatch(path, pattern));
}
