using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>POST /tokens/public: a token for a device, before anybody logs in.</summary>
public sealed class PublicTokenTests : ApiTestBase
{
    private const string HexPattern = "^[0-9a-f]{32}$";

    [Test]
    public async Task IssuePublicToken_WhenDeviceIdIs32Hex_KeepsIt()
    {
        var deviceId = Unique.Hex32();

        var token = await Api.PublicTokenAsync(deviceId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.DeviceId, Is.EqualTo(deviceId));
            Assert.That(token.Type, Is.EqualTo("public"));
            Assert.That(token.UserId, Is.Null);
            Assert.That(TestTokens.Read(token.Token).GetPayloadValue<string>("device_id"), Is.EqualTo(deviceId));
        }
    }

    [Test]
    public async Task IssuePublicToken_WhenDeviceIdIsUpperCaseHex_KeepsItInLowerCase()
    {
        var deviceId = Unique.Hex32();

        var token = await Api.PublicTokenAsync(deviceId.ToUpperInvariant());

        Assert.That(token.DeviceId, Is.EqualTo(deviceId));
    }

    [TestCase("")]
    [TestCase("short")]
    [TestCase("0123456789abcdef0123456789abcde")]
    [TestCase("0123456789abcdef0123456789abcdef0")]
    [TestCase("0123456789abcdef0123456789abcdeg")]
    [TestCase(" 0123456789abcdef0123456789abcde")]
    [TestCase("0123456789abcdef-123456789abcdef")]
    [TestCase("../../../../etc/passwd")]
    public async Task IssuePublicToken_WhenDeviceIdIsNot32Hex_ReplacesItWithAGeneratedOne(string deviceId)
    {
        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = deviceId });

        var token = LudminApi.ToToken(await Expect.JsonAsync(response, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(token.DeviceId, Does.Match(HexPattern));
            Assert.That(token.DeviceId, Is.Not.EqualTo(deviceId));
            Assert.That(TestTokens.Read(token.Token).GetPayloadValue<string>("device_id"), Is.EqualTo(token.DeviceId));
        }
    }

    [Test]
    public async Task IssuePublicToken_WhenNoDeviceIdIsSent_GeneratesADifferentOneEachTime()
    {
        using var first = await Api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { });
        using var second = await Api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { });

        var a = LudminApi.ToToken(await Expect.JsonAsync(first, HttpStatusCode.OK));
        var b = LudminApi.ToToken(await Expect.JsonAsync(second, HttpStatusCode.OK));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.DeviceId, Does.Match(HexPattern));
            Assert.That(b.DeviceId, Does.Match(HexPattern));
            Assert.That(a.DeviceId, Is.Not.EqualTo(b.DeviceId));
        }
    }

    [TestCase("0123456789abcdef0123456789abcdef")]
    [TestCase("not a device id")]
    public async Task IssuePublicToken_WhateverTheDeviceId_StoresNothing(string deviceId)
    {
        var before = await Api.StoreSnapshotAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/tokens/public", json: new { device_id = deviceId });

        await Expect.JsonAsync(response, HttpStatusCode.OK);
        Assert.That(await Api.StoreSnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task IssuePublicToken_Always_ReturnsAPublicTokenWithEveryRequiredClaim()
    {
        var before = DateTimeOffset.UtcNow;
        var token = await Api.PublicTokenAsync();

        var jwt = TestTokens.Read(token.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(jwt.Alg, Is.EqualTo("HS256"));
            Assert.That(jwt.Issuer, Is.EqualTo(TestTokens.Issuer));
            Assert.That(jwt.Audiences, Is.EqualTo(new[] { TestTokens.Audience }));
            Assert.That(jwt.Id, Is.Not.Empty);
            Assert.That(jwt.IssuedAt, Is.Not.EqualTo(DateTime.MinValue));
            Assert.That(jwt.ValidFrom, Is.Not.EqualTo(DateTime.MinValue));
            Assert.That(TestTokens.Allowed(token.Token), Is.EqualTo(new[] { "public" }));
            Assert.That(jwt.TryGetPayloadValue<string>("sub", out _), Is.False);
            Assert.That(new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), Is.EqualTo(token.ExpiresAt));

            // The five minutes the seed description promises (docs/seed.md): after the request started, and no later than five minutes after it ended.
            Assert.That(token.ExpiresAt, Is.GreaterThan(before.AddMinutes(4)).And.LessThanOrEqualTo(DateTimeOffset.UtcNow.AddMinutes(5)));
        }
    }

    [Test]
    public async Task IssuePublicToken_WhenIssued_IsAcceptedAsAnyValidToken()
    {
        var token = await Api.PublicTokenAsync();

        using var response = await Api.SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email = Unique.Email("nobody") });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
    }
}
