using System.Reflection;
using Ludmin.Domain.Users;
using Ludmin.UnitTests.Support;

namespace Ludmin.UnitTests.Domain;

/// <summary>
/// <see cref="DeviceChange"/> is a closed set whose every kind a store must handle: the kinds are
/// the sealed records nested in it, nothing else can derive from it, and the visitor the stores
/// implement has one method for each kind, so a kind added without one cannot be applied at all.
/// </summary>
public sealed class DeviceChangeKindsTests
{
    private static readonly Type[] Kinds = [.. typeof(DeviceChange).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(DeviceChange)))];

    [Test]
    public void Kinds_AreSealedRecordsNestedInDeviceChange()
    {
        Assert.That(Kinds, Is.Not.Empty);
        foreach (var kind in Kinds)
        {
            Assert.That(kind.IsSealed, Is.True, kind.Name);
            Assert.That(kind.DeclaringType, Is.EqualTo(typeof(DeviceChange)), kind.Name);
            Assert.That(kind.GetConstructors(), Is.Empty, $"{kind.Name}: only the domain records a change");
        }
    }

    [Test]
    public void Base_CannotBeDerivedFromOutsideAndCarriesNoDataOfItsOwn()
    {
        var constructors = typeof(DeviceChange).GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        var parameterless = constructors.Single(c => c.GetParameters().Length == 0);

        Assert.That(typeof(DeviceChange).IsAbstract, Is.True);
        Assert.That(parameterless.IsPrivate, Is.True);
        Assert.That(typeof(DeviceChange).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly), Is.Empty, "each kind carries its own data");
    }

    [Test]
    public void Visitor_HasOneMethodPerKind()
    {
        var visited = typeof(IDeviceChangeVisitor<>).GetMethods().Select(m => m.GetParameters().Single().ParameterType);

        Assert.That(visited, Is.EquivalentTo(Kinds));
    }

    [Test]
    public void EveryChangeAUserRecords_IsHandedToTheVisitorMethodOfItsOwnKind()
    {
        var user = TestData.User();
        var phone = TestData.LinkNewDevice(user, "Phone");
        var stored = TestData.Copy(user);
        stored.LinkDevice(phone, description: null, TestData.Now.AddMinutes(1));
        stored.LinkDevice(DeviceId.New(), description: null, TestData.Now.AddMinutes(2));
        stored.TouchDevice(phone, TestData.Now.AddMinutes(3));
        var session = stored.SessionOf(phone);
        stored.RefreshSession(phone, session, stored.GenerationOf(phone), TestData.Now.AddMinutes(4), TimeSpan.FromSeconds(10));
        stored.RefreshSession(phone, session, stored.GenerationOf(phone) - 1, TestData.Now.AddMinutes(4).AddSeconds(1), TimeSpan.FromSeconds(10));
        stored.RefreshSession(phone, session, generation: 0, TestData.Now.AddHours(1), TimeSpan.FromSeconds(10));
        stored.ChangePassword(TestData.Hash("another"), keepDevice: null, TestData.Now.AddHours(2));
        var laptop = TestData.LinkNewDevice(stored, "Laptop");
        stored.Logout(laptop);

        var visited = stored.DeviceChanges.Select(c => c.Accept(new KindNames())).ToList();

        Assert.That(visited, Is.EqualTo(stored.DeviceChanges.Select(c => c.GetType().Name)), "each change to the method of its own kind");
        Assert.That(visited.Distinct(), Is.EquivalentTo(Kinds.Select(k => k.Name)), "every kind is recorded by some change of a user");
    }

    /// <summary>Answers the kind each method is declared for, which is how a mix-up would show.</summary>
    private sealed class KindNames : IDeviceChangeVisitor<string>
    {
        public string Visit(DeviceChange.Linked change) => nameof(DeviceChange.Linked);

        public string Visit(DeviceChange.Relinked change) => nameof(DeviceChange.Relinked);

        public string Visit(DeviceChange.Touched change) => nameof(DeviceChange.Touched);

        public string Visit(DeviceChange.Rotated change) => nameof(DeviceChange.Rotated);

        public string Visit(DeviceChange.GraceUsed change) => nameof(DeviceChange.GraceUsed);

        public string Visit(DeviceChange.Revoked change) => nameof(DeviceChange.Revoked);

        public string Visit(DeviceChange.Removed change) => nameof(DeviceChange.Removed);

        public string Visit(DeviceChange.RemovedAllBut change) => nameof(DeviceChange.RemovedAllBut);
    }
}
