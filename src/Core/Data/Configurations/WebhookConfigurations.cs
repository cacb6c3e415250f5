using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("webhook_endpoints");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.UrlMax);
        builder.Property(e => e.Description).HasMaxLength(WebhookEndpoint.DescriptionMax);
        builder.Property(e => e.Secret).HasMaxLength(WebhookEndpoint.SecretMax);
        builder.Property(e => e.PreviousSecret).HasMaxLength(WebhookEndpoint.SecretMax);
        builder.Property(e => e.DisabledReason).HasMaxLength(WebhookEndpoint.ReasonMax);
        builder.HasIndex(e => e.OrganizationId);
        builder.HasIndex(e => e.CreatedByUserId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.CreatedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("webhook_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Type).HasMaxLength(WebhookEvent.TypeMax);
        builder.HasIndex(e => e.OrganizationId);
        builder.HasIndex(e => new { e.RelayedAt, e.CreatedAt });
        builder.HasIndex(e => e.CreatedAt);
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Reason).HasMaxLength(20);
        builder.Property(d => d.Status).HasMaxLength(20)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<WebhookDeliveryStatus>(s, true));
        builder.Property(d => d.WorkerName).HasMaxLength(200);
        builder.Property(d => d.QueueJobId).HasMaxLength(100);
        builder.Property(d => d.LastError).HasMaxLength(WebhookDeliveryAttempt.ErrorMax);
        builder.HasIndex(d => new { d.EndpointId, d.CreatedAt });
        builder.HasIndex(d => d.EventId);
        builder.HasIndex(d => d.Status);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<WebhookEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryAttemptConfiguration : IEntityTypeConfiguration<WebhookDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryAttempt> builder)
    {
        builder.ToTable("webhook_delivery_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ResponseExcerpt).HasMaxLength(WebhookDeliveryAttempt.ExcerptMax);
        builder.Property(a => a.Error).HasMaxLength(WebhookDeliveryAttempt.ErrorMax);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}
