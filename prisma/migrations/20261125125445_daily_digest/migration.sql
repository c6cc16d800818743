-- AlterTable
ALTER TABLE "UserSettings" ADD COLUMN     "digestEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "digestTime" TEXT,
ADD COLUMN     "digestTimeZone" TEXT,
ADD COLUMN     "lastDigestOn" TEXT;
