using IdentityApi;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

// The peer as the documentation shows it: Identity API endpoints (/register, /login, /refresh,
// /manage/info) with bearer tokens, EF Core on a SQLite file created on start, no rate limits,
// plus /hello, the ceiling of this Kestrel on this machine.
var builder = WebApplication.CreateBuilder(args);
var database = builder.Configuration["Peer:Database"] ?? Path.Combine(builder.Environment.ContentRootPath, "peer.db");
builder.Services.AddDbContext<PeerDbContext>(options => options.UseSqlite($"Data Source={database}"));
builder.Services.AddAuthorization();
builder.Services.AddIdentityApiEndpoints<IdentityUser>().AddEntityFrameworkStores<PeerDbContext>();

var app = builder.Build();
using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<PeerDbContext>().Database.EnsureCreated();
}

app.MapGet("/hello", () => "Hello, world!");
app.MapIdentityApi<IdentityUser>();
app.Run();
