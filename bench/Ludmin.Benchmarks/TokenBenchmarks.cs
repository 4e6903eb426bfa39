using BenchmarkDotNet.Attributes;
using Ludmin.Domain.SecondFactors;
using Ludmin.Domain.Users;
using Ludmin.Infrastructure.Tokens;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ludmin.Benchmarks;

/// <summary>Issuing a user token and checking one with the same rules the API applies.</summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new();
    private JwtTokenIssuer _issuer = null!;
    private TokenValidationParameters _parameters = null!;
    private User _user = null!;
    private DeviceId _device;
    private string _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new TokenOptions { SigningKey = "benchmark-signing-key-0123456789-abcdefghijklmnop" };
        var key = TokenKeys.Resolve(options, new ProductionEnvironment(), Path.GetTempPath());
        _issuer = new JwtTokenIssuer(Options.Create(options), key, TimeProvider.System);
        _parameters = TokenValidation.CreateParameters(options, key, TimeProvider.System, acceptExpiredWithinRefreshWindow: false);
        _user = User.Register(UserId.New(), FullName.Create("Ann"), EmailAddress.Create("ann@example.com"), PasswordHash.FromStored("x"), DateTimeOffset.UtcNow);
        _device = DeviceId.New();
        _user.LinkDevice(_device, DeviceDescription.Empty, DateTimeOffset.UtcNow);
        _token = Issue();
    }

    [Benchmark]
    public string Issue() => _issuer.IssueForUser(_user, _device, Assurance.PasswordOnly).Token;

    [Benchmark]
    public async Task<bool> Validate() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "Ludmin.Benchmarks";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
