// Remediation snippets shared by several S3 checks.

export const BUCKET_BPA_CLI =
  'aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true';
export const BUCKET_BPA_TERRAFORM = `resource "aws_s3_bucket_public_access_block" "this" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}`;
export const OWNER_ENFORCED_CLI =
  'aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]';
export const OWNER_ENFORCED_TERRAFORM = `resource "aws_s3_bucket_ownership_controls" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule { object_ownership = "BucketOwnerEnforced" }\n}`;
