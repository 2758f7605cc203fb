variable "scanner_account_id" {
  description = "Account that runs incloud scan --org (or its workers)"
  type        = string
  validation {
    condition     = can(regex("^[0-9]{12}$", var.scanner_account_id))
    error_message = "scanner_account_id must be a 12-digit account id."
  }
}

variable "scanner_role_name" {
  description = "Trust only this role of the scanner account (empty: the whole account)"
  type        = string
  default     = ""
}

variable "role_name" {
  description = "Name to pass to incloud as --member-role"
  type        = string
  default     = "incloud-scanner"
}

variable "external_id" {
  description = "Require this ExternalId (pass it as --external-id)"
  type        = string
  default     = ""
  sensitive   = true
}
