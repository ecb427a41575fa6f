ALTER TABLE accounts DROP COLUMN clicks_without_recipient;
DROP TABLE campaign_clicks;
DROP TABLE campaign_links;
DROP TABLE campaign_recipients;
DROP TABLE campaigns;
ALTER TABLE channel_senders DROP COLUMN short_code;
ALTER TABLE channel_senders DROP COLUMN rate_per_second;
