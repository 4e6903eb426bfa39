using System.Net;
using Ludmin.Api.Authentication;
using Ludmin.Api.RateLimits;
using Ludmin.Application.Common;
using Microsoft.AspNetCore.Http;

namespace Ludmin.UnitTests.Api;

public sealed class ClientAddressTests
{
    private static string Of(IPAddress? remote)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote;
        return context.ClientAddress();
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

    [TestCase("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [TestCase("::1", "::/64")]
    public void LimitKey_WhenTheClientIsIPv6_IsItsSlash64(string address, string key) =>
        Assert.That(RateLimiting.LimitKey(IPAddress.Parse(address)), Is.EqualTo(key));

    [Test]
    public void LimitKey_WhenTwoClientsShareASlash64_IsTheSameForBoth() =>
        Assert.That(
            RateLimiting.LimitKey(IPAddress.Parse("2001:db8:7:7::1")),
            Is.EqualTo(RateLimiting.LimitKey(IPAddress.Parse("2001:db8:7:7:ffff:ffff:ffff:fffe"))));

    [TestCase("203.0.113.7", "203.0.113.7")]
    [TestCase("::ffff:203.0.113.7", "203.0.113.7")]
    public void LimitKey_WhenTheClientIsIPv4_IsTheAddressItself(string address, string key) =>
        Assert.That(RateLimiting.LimitKey(IPAddress.Parse(address)), Is.EqualTo(key));

    [Test]
    public void Of_WhenTheClientIsIPv6_KeepsTheFullAddressForTheLog() =>
        Assert.That(Of(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd")), Is.EqualTo("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
}
