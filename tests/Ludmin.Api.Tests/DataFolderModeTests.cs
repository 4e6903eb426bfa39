using System.Runtime.Versioning;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// The data folder Ludmin is configured with is its own: found open to others (as the test host
/// makes it, 0755 under the usual umask), it is made 0700 at start, the database in it 0600.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataFolderModeTests : ApiTestBase
{
    [Test]
    public void Start_WhenTheDataFolderIsOpenToOthers_MakesItAndTheDatabasePrivate()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.GetUnixFileMode(Factory.DataDirectory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            Assert.That(File.GetUnixFileMode(Factory.DatabasePath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }
}
