# incloud member role: read-only access for incloud organization scans.
# The permissions are in scanner-policy.json next to this file (generated from incloud's
# allow-list of API calls; do not edit by hand).

data "aws_partition" "current" {}

locals {
  scanner_principal = var.scanner_role_name == "" ? "arn:${data.aws_partition.current.partition}:iam::${var.scanner_account_id}:root" : "arn:${data.aws_partition.current.partition}:iam::${var.scanner_account_id}:role/${var.scanner_role_name}"
}

data "aws_iam_policy_document" "trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = [local.scanner_principal]
    }
    dynamic "condition" {
      for_each = var.external_id == "" ? [] : [var.external_id]
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [condition.value]
      }
    }
  }
}

resource "aws_iam_role" "incloud" {
  name                 = var.role_name
  description          = "Read-only role assumed by incloud organization scans"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "read_only" {
  name   = "incloud-read-only"
  role   = aws_iam_role.incloud.id
  policy = file("${path.module}/scanner-policy.json")
}
