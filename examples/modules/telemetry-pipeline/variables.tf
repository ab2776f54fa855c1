variable "name" {
  description = "Short name of the pipeline, used in the exporter output name and the deploy event. Lowercase letters, digits and dashes."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must start with a lowercase letter and use only lowercase letters, digits and dashes (2 to 31 characters)."
  }
}

variable "sls" {
  description = "The Log Service logstore CloudMonitor exports metrics to, and the AccessKey it writes with."
  type = object({
    endpoint      = string
    project       = string
    logstore      = string
    access_key_id = string
  })
}

variable "sls_access_key_secret" {
  description = "AccessKey secret for the logstore. Write-only: never stored in the state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "sls_access_key_secret_version" {
  description = "Bump to push a rotated sls_access_key_secret."
  type        = number
  default     = 1
}

variable "cls_topic_id" {
  description = "Tencent CLS topic whose errors of the last day are exported."
  type        = string
}

variable "error_query" {
  description = "CLS query that selects the errors to export."
  type        = string
  default     = "level:ERROR"
}

variable "error_log_limit" {
  description = "Maximum number of log lines in the error export."
  type        = number
  default     = 10000
}

variable "physical_server_id" {
  description = "Huawei bare-metal server whose logs are exported and downloaded."
  type        = string
}

variable "archive_dir" {
  description = "Local directory the bare-metal log archive is downloaded to."
  type        = string
}

variable "release" {
  description = "Release being deployed; a new value reports a new deploy event and takes a fresh log export."
  type        = string
}
