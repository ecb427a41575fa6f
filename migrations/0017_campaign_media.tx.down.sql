DROP TABLE campaign_media;
