-- CreateTable
CREATE TABLE "GoogleQuota" (
    "key" TEXT NOT NULL,
    "tat" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "GoogleQuota_pkey" PRIMARY KEY ("key")
);

