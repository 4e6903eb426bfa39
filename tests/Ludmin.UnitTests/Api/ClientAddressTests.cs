using System.Net;
using Ludmin.Api.Http;
using Ludmin.Application.Common;
using Microsoft.AspNetCore.Http;

namespace Ludmin.UnitTests.Api;

public sealed class ClientAddressTests
{
    private static string Of(IPAddress? remote)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote;
        return ClientAddress.Of(context);
    }

    [Test]
    public void Of_WhenAnIPv4ClientArrivesOnADualStackSocket_IsTheIPv4Address() =>
        Assert.That(Of(IPAddress.Parse("::ffff:203.0.113.7")), Is.EqualTo("203.0.113.7"));

    [TestCase("203.0.113.7")]
    [TestCase("2001:db8::7")]
    public void Of_WhenTheAddressIsPlain_IsItAsWritten(string address) =>
        Assert.That(Of(IPAddress.Parse(address)), Is.EqualTo(address));

    [Test]
    public void Of_WhenTheConnectionHasNoAddress_IsLocal() =>
        Assert.That(Of(null), Is.EqualTo(Caller.LocalAddress));
}
