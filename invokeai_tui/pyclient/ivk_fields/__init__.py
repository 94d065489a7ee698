"""The published Ivk*Field classes (`invokeai_py_client.ivk_fields`): value objects a script builds
and hands to `WorkflowHandle.set_input_value`, with their API forms."""

from .base import IvkCollectionFieldMixin, IvkField, IvkImageFieldMixin
from .complex import IvkBoundingBoxField, IvkCollectionField, IvkColorField
from .conditioning import (
    IvkCogView4ConditioningField,
    IvkConditioningField,
    IvkFluxConditioningField,
    IvkFluxFillConditioningField,
    IvkFluxKontextConditioningField,
    IvkFluxReduxConditioningField,
    IvkSD3ConditioningField,
)
from .enums import (
    COLOR_MODES,
    INTERPOLATION_MODES,
    SCHEDULER_NAMES,
    IvkColorModeField,
    IvkEnumField,
    IvkInterpolationField,
    IvkLiteralField,
    IvkSchedulerField,
    SchedulerName,
)
from .models import (
    IvkCLIPEmbedField,
    IvkCLIPField,
    IvkFluxModelField,
    IvkLoRAField,
    IvkModelIdentifierField,
    IvkSDXLModelField,
    IvkT5EncoderField,
    IvkTransformerField,
    IvkUNetField,
    IvkVAEModelField,
)
from .primitives import IvkBooleanField, IvkFloatField, IvkIntegerField, IvkStringField
from .resources import (
    IvkBoardField,
    IvkDenoiseMaskField,
    IvkImageField,
    IvkLatentsField,
    IvkMetadataField,
    IvkTensorField,
)

__all__ = [
    "IvkField", "IvkImageFieldMixin", "IvkCollectionFieldMixin",
    "IvkStringField", "IvkIntegerField", "IvkFloatField", "IvkBooleanField",
    "IvkImageField", "IvkBoardField", "IvkLatentsField", "IvkTensorField", "IvkDenoiseMaskField", "IvkMetadataField",
    "IvkModelIdentifierField", "IvkUNetField", "IvkCLIPField", "IvkTransformerField", "IvkLoRAField",
    "IvkSDXLModelField", "IvkFluxModelField", "IvkT5EncoderField", "IvkCLIPEmbedField", "IvkVAEModelField",
    "IvkConditioningField", "IvkFluxConditioningField", "IvkFluxReduxConditioningField",
    "IvkFluxFillConditioningField", "IvkFluxKontextConditioningField", "IvkSD3ConditioningField",
    "IvkCogView4ConditioningField",
    "IvkColorField", "IvkBoundingBoxField", "IvkCollectionField",
    "IvkEnumField", "IvkSchedulerField", "IvkInterpolationField", "IvkColorModeField", "IvkLiteralField",
    "SchedulerName", "SCHEDULER_NAMES", "INTERPOLATION_MODES", "COLOR_MODES",
]
