using Ludmin.Domain.Common;
using NUnit.Framework.Constraints;

namespace Ludmin.UnitTests.Support;

/// <summary>Constraints for "this was refused with that error", the way every layer reports a broken rule.</summary>
internal static class Refused
{
    public static Constraint With(Error error) =>
        Throws.InstanceOf<DomainException>().With.Property(nameof(DomainException.Error)).EqualTo(error);

    public static Constraint With(Error error, string field) =>
        Throws.InstanceOf<DomainException>()
            .With.Property(nameof(DomainException.Error)).EqualTo(error)
            .And.Property(nameof(DomainException.Field)).EqualTo(field);
}
